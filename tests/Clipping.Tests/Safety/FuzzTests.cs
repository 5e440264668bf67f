using System.Diagnostics;
using Clipping.Contributors;
using Clipping.Feeds.Parsing;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Clipping.Tests.Safety;

/// <summary>
/// Mutated versions of the fixture and corpus feeds (cut short, bytes flipped, tags dropped, slices repeated): the parser
/// either reads them or refuses them with a FeedParseException, never anything else, never hanging; a refresh over
/// them always finishes with a report. Deterministic: the seed and the number of cases are fixed.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20101025;
    private const int Cases = 2500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    private static List<(string Name, byte[] Bytes)> Seeds()
    {
        var corpus = Path.Combine(Fixtures.RepoRoot, "..", "shared", "corpus");
        var files = Directory.GetFiles(Fixtures.FeedsDirectory)
            .Concat(Directory.Exists(corpus)
                ? Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".xml", StringComparison.Ordinal) || f.EndsWith(".rss", StringComparison.Ordinal) || f.EndsWith(".atom", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(120)
                : [])
            .Where(f => new FileInfo(f).Length < 200_000);
        return [.. files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
    }

    internal static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            switch (random.Next(5))
            {
                case 0: // cut short
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 1: // flip bytes
                    for (var i = 0; i < random.Next(1, 20); i++) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 2: // drop a tag
                    var open = bytes.IndexOf((byte)'<', random.Next(bytes.Count));
                    var close = open < 0 ? -1 : bytes.IndexOf((byte)'>', open);
                    if (close > open) bytes.RemoveRange(open, close - open + 1);
                    break;
                case 3: // repeat a slice
                    var start = random.Next(bytes.Count);
                    var length = Math.Min(random.Next(1, 2000), bytes.Count - start);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(start, length));
                    break;
                default: // insert markup-ish noise
                    var noise = new[] { "&", "&#0;", "&bogus;", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "\u0001", "<", "</item>", "<entry>", "\uFEFF" }[random.Next(11)];
                    bytes.InsertRange(random.Next(bytes.Count + 1), System.Text.Encoding.UTF8.GetBytes(noise));
                    break;
            }
        }
        return [.. bytes];
    }

    [Fact]
    public async Task The_parser_reads_or_refuses_every_mutation_and_never_hangs()
    {
        var seeds = Seeds();
        Assert.NotEmpty(seeds);
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        int parsed = 0, refused = 0, cases = 0;
        for (; cases < Cases && clock.Elapsed < Budget; cases++)
        {
            var (name, bytes) = seeds[random.Next(seeds.Count)];
            var mutated = Mutate(bytes, random);
            var contentType = random.Next(3) == 0 ? "text/html" : null;
            var parse = Task.Run(() => FeedParser.Parse(mutated, contentType, new Uri("https://fuzz.example/feed")));
            var finished = await Task.WhenAny(parse, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(finished == parse, $"case {cases} ({name}) did not finish");
            try
            {
                var feed = await parse;
                Assert.All(feed.Posts, p => Assert.True(p.Link is null || p.Link.StartsWith("http", StringComparison.Ordinal)));
                parsed++;
            }
            catch (FeedParseException)
            {
                refused++;
            }
            catch (Exception error)
            {
                Assert.Fail($"case {cases} ({name}) threw {error.GetType().Name}: {error.Message}");
            }
        }
        GC.Collect();
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"fuzz: {cases} cases from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:0.0}s: {parsed} parsed, {refused} refused; {memory / (1024 * 1024)} MB managed heap after");
        Assert.True(cases >= 200, $"only {cases} cases ran in the time budget");
        Assert.True(memory < 300L * 1024 * 1024, $"managed heap {memory / (1024 * 1024)} MB after the fuzz run");
    }

    [Fact]
    public async Task A_refresh_over_mutated_feeds_always_finishes_with_a_report()
    {
        var seeds = Seeds();
        var random = new Random(Seed + 1);
        await using var server = await FeedServer.StartAsync();
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Fetch:MaxConcurrencyPerHost"] = "8" });
        var store = site.Services.GetRequiredService<IClippingStore>();
        for (var i = 0; i < 40; i++)
        {
            var (_, bytes) = seeds[random.Next(seeds.Count)];
            server.Serve($"/f{i}", Mutate(bytes, random), random.Next(2) == 0 ? "application/rss+xml" : "text/xml; charset=iso-8859-1");
            var url = server.UrlOf($"/f{i}").AbsoluteUri;
            await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), $"Fuzz {i}", null, url, ContributorStatus.Approved,
                random.Next(2) == 0 ? FeedMode.AllPosts : FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        }

        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        Assert.Equal(40, report.FeedsPolled);
        Assert.Equal(40, report.FeedsFetched + report.FeedsFailed);
        Assert.All(report.Feeds.Where(f => f.Kind == FeedOutcomeKind.Failed), f => Assert.False(string.IsNullOrWhiteSpace(f.Error)));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Http.GetAsync("")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Http.GetAsync("rss.xml")).StatusCode);
    }
}
