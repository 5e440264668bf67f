using System.Diagnostics;
using Clipping.Content;
using Clipping.Feeds.Parsing;

namespace Clipping.Benchmarks;

/// <summary>Where a refresh's CPU goes, stage by stage, on the synthetic feeds (no network, no store).</summary>
internal static class ProfileRefresh
{
    public static int Run(int feeds)
    {
        var bodies = Enumerable.Range(0, feeds).Select(i => SyntheticFeeds.Rss(i)).ToList();
        var cleaner = new HtmlCleaner();
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            var parsed = bodies.Select(b => FeedParser.Parse(b, "application/rss+xml", new Uri("https://blog.example.org/feed"))).ToList();
            var parse = clock.Elapsed;
            clock.Restart();
            var reader = bodies.Select(b => CodeHollow.FeedReader.FeedReader.ReadFromByteArray(b)).ToList();
            var feedReader = clock.Elapsed;
            clock.Restart();
            var posts = parsed.SelectMany(p => p.Posts).Where((_, i) => i % 2 == 0).ToList();
            foreach (var post in posts) cleaner.Clean(post.ContentHtml, post.BaseUrl);
            var clean = clock.Elapsed;
            clock.Restart();
            foreach (var post in posts) HtmlCleaner.TextOf(post.SummaryHtml);
            var text = clock.Elapsed;
            Console.WriteLine($"round {round}: parse {parse.TotalMilliseconds:0} ms (FeedReader alone {feedReader.TotalMilliseconds:0} ms); clean {posts.Count} posts {clean.TotalMilliseconds:0} ms; summary text {text.TotalMilliseconds:0} ms");
        }
        return 0;
    }
}
