using System.Text;
using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Parses feeds written inline in a test.</summary>
internal static class ParseHelper
{
    public static readonly Uri DocumentUrl = new("https://site.example.org/blog/feed.xml");

    public static ParsedFeed Xml(string xml, Uri? documentUrl = null, string? contentType = null, int maxPosts = 500) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), contentType, documentUrl ?? DocumentUrl, maxPosts);

    /// <summary>An RSS 2.0 feed holding <paramref name="items"/>, with the usual extension namespaces declared.</summary>
    public static ParsedFeed Rss(string items, string channelExtras = "") => Xml(
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel><title>T</title><link>https://site.example.org/blog/</link>{channelExtras}
        {items}
        </channel></rss>
        """);

    public static ParsedPost RssItem(string itemBody) => Assert.Single(Rss($"<item>{itemBody}</item>").Posts);

    /// <summary>An Atom feed holding <paramref name="entries"/>.</summary>
    public static ParsedFeed Atom(string entries, string feedExtras = "", Uri? documentUrl = null) => Xml(
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
        <title>T</title><id>urn:feed</id><updated>2010-10-25T00:00:00Z</updated>{feedExtras}
        {entries}
        </feed>
        """, documentUrl);

    public static ParsedPost AtomEntry(string entryBody) => Assert.Single(Atom($"<entry>{entryBody}</entry>").Posts);
}
