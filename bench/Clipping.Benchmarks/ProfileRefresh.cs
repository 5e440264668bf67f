using System.Diagnostics;
using Clipping.Clippings;
using Clipping.Content;
using Clipping.Contributors;
using Clipping.Feeds.Parsing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Feeds.Parsing.Decoding;
using Clipping.Feeds.Parsing.Xml;

namespace Clipping.Benchmarks;

/// <summary>
/// Where a refresh's CPU goes, stage by stage, on the synthetic feeds, on one thread: no network, a scratch store.
/// Later rounds show the steady state: AngleSharp and HtmlSanitizer run several times slower until the JIT has
/// optimised them, which takes some thousands of posts.
/// </summary>
internal static class ProfileRefresh
{
    public static async Task<int> RunAsync(int feeds)
    {
        var bodies = Enumerable.Range(0, feeds).Select(i => SyntheticFeeds.Rss(i)).ToList();
        var data = BenchServices.ScratchDirectory("profile");
        try
        {
            await using var services = await BenchServices.StartAsync(data);
            var store = services.GetRequiredService<IClippingStore>();
            var builder = services.GetRequiredService<SightingBuilder>();
            var cleaner = new HtmlCleaner();
            for (var round = 0; round < 5; round++)
            {
                var clock = Stopwatch.StartNew();
                var parsed = bodies.Select(b => FeedParser.Parse(b, "application/rss+xml", new Uri("https://blog.example.org/feed"))).ToList();
                var parse = clock.Elapsed;
                clock.Restart();
                _ = bodies.Select(b => CodeHollow.FeedReader.FeedReader.ReadFromByteArray(b)).ToList();
                var feedReader = clock.Elapsed;

                clock.Restart();
                foreach (var body in bodies)
                {
                    using var reader = System.Xml.XmlReader.Create(new MemoryStream(body), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore });
                    while (reader.Read())
                    {
                        if (reader.HasValue) _ = reader.Value;
                    }
                }
                var scan = clock.Elapsed;
                clock.Restart();
                var warnings = new List<string>();
                var texts = bodies.Select(b => FeedDecoding.Decode(b, "application/rss+xml", warnings)).ToList();
                var decode = clock.Elapsed;
                clock.Restart();
                foreach (var text in texts) XmlLoader.Load(text, warnings);
                var load = clock.Elapsed;
                var all = parsed.Select(p => new KnownItems("seed", new HashSet<ulong>())).ToList();
                var firstRead = bodies.Select((b, i) => FeedParser.Parse(b, "application/rss+xml", new Uri("https://blog.example.org/feed"), known: all[i])).ToList();
                var knownAll = firstRead.Select(f => new KnownItems("seed", f.PostFingerprints!.ToHashSet())).ToList();
                clock.Restart();
                for (var i = 0; i < bodies.Count; i++) FeedParser.Parse(bodies[i], "application/rss+xml", new Uri("https://blog.example.org/feed"), known: knownAll[i]);
                var skipping = clock.Elapsed;
                Console.WriteLine($"round {round}: XmlReader scan {scan.TotalMilliseconds:0} ms, decode {decode.TotalMilliseconds:0} ms, XDocument load {load.TotalMilliseconds:0} ms, " +
                    $"parse with every item known {skipping.TotalMilliseconds:0} ms");

                // One post per feed, as in a refresh where every blog has posted once.
                var posts = parsed.Select((p, i) => (Feed: i, Post: p.Posts[1])).ToList();
                clock.Restart();
                foreach (var (_, post) in posts) cleaner.Clean(post.ContentHtml, post.BaseUrl);
                var clean = clock.Elapsed;

                clock.Restart();
                var sightings = posts.Select(p =>
                {
                    var contributor = new Contributor($"c{p.Feed}-{round}", $"Blog {p.Feed}", null, $"https://blog{p.Feed}.example.org/feed",
                        ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New);
                    var hash = PostFingerprint.Of(p.Post, contributor.Name, contributor.SiteUrl);
                    return builder.Build(p.Post, contributor, TagKey.Of("Big Society"), $"item-{p.Feed}-{round}", hash, DateTimeOffset.UtcNow);
                }).ToList();
                var build = clock.Elapsed;
                clock.Restart();
                foreach (var batch in sightings.Chunk(200)) await store.SaveSightingsAsync("big-society", batch, CancellationToken.None);
                var save = clock.Elapsed;
                Console.WriteLine($"round {round}: parse {feeds} feeds {parse.TotalMilliseconds:0} ms (FeedReader alone {feedReader.TotalMilliseconds:0} ms); " +
                    $"{posts.Count} posts: clean {clean.TotalMilliseconds:0} ms, fingerprint and build {build.TotalMilliseconds:0} ms, save {save.TotalMilliseconds:0} ms");
            }
            return 0;
        }
        finally
        {
            BenchServices.DeleteScratch(data);
        }
    }
}
