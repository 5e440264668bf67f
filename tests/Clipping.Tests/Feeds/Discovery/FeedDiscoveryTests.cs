using Clipping.Feeds.Discovery;
using Clipping.Tests.TestSupport;
using Clipping.Topics;

namespace Clipping.Tests.Feeds.Discovery;

public sealed class FeedDiscoveryTests
{
    private static readonly Topic BigSociety = new("Big Society", "big-society", []);

    [Fact]
    public void The_topic_tag_feed_comes_first_and_the_comments_feed_last()
    {
        using var html = new MemoryStream(Fixtures.Feed("wilcox-home.html"));
        var feeds = FeedDiscovery.Discover(html, new Uri("https://wilcox.example.net/"), [BigSociety]);

        Assert.Equal(
            ["https://wilcox.example.net/tag/big-society/feed/", "https://wilcox.example.net/feed/", "https://wilcox.example.net/comments/feed/"],
            feeds.Select(f => f.Url.AbsoluteUri));
        Assert.True(feeds[0].IsAboutTopic);
        Assert.False(feeds[1].IsComments);
        Assert.True(feeds[2].IsComments);
    }

    [Fact]
    public void Relative_links_resolve_against_the_page_or_its_base()
    {
        const string page = """
            <html><head><base href="https://cdn.example.org/blog/">
            <link rel="alternate" type="application/atom+xml" href="atom.xml">
            <link rel="alternate stylesheet" type="text/css" href="x.css">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            </head></html>
            """;
        using var html = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(page));
        var feeds = FeedDiscovery.Discover(html, new Uri("https://example.org/"), [BigSociety]);
        Assert.Equal("https://cdn.example.org/blog/atom.xml", Assert.Single(feeds).Url.AbsoluteUri);
    }
}
