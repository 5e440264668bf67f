using Clipping.Feeds.Parsing;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Other vocabularies' elements read in an RSS feed where RSS's own are missing, and only then.</summary>
public class RssStandInsTests
{
    private const string Namespaces = """
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
        xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:oldtunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd"
        """;

    private static ParsedFeed Feed(string channel) =>
        Xml($"<rss version=\"2.0\" {Namespaces}><channel>{channel}</channel></rss>");

    [Fact]
    public void Dc_title_stands_in_for_a_missing_title()
    {
        var feed = Feed("""
            <dc:title>Channel &amp;amp; co</dc:title>
            <item><dc:title>Item by Dublin Core</dc:title></item>
            <item><title>RSS title</title><dc:title>Not this</dc:title></item>
            """);

        Assert.Equal("Channel & co", feed.Title);
        Assert.Equal(["Item by Dublin Core", "RSS title"], feed.Posts.Select(p => p.Title));
    }

    [Fact]
    public void Atom_itunes_and_dc_authors_stand_in_when_rss_and_dc_creator_name_nobody()
    {
        var feed = Feed("""
            <item><atom:author><atom:name>Atom Author</atom:name><atom:email>a@example.org</atom:email></atom:author></item>
            <item><itunes:author>Podcast Host</itunes:author></item>
            <item><oldtunes:author>Old Namespace Host</oldtunes:author></item>
            <item><dc:author>Item Author (item@example.org)</dc:author></item>
            <item><author>  </author><itunes:author>Blank author is nobody</itunes:author></item>
            """);

        Assert.Equal(
            [["Atom Author"], ["Podcast Host"], ["Old Namespace Host"], ["Item Author"], ["Blank author is nobody"]],
            feed.Posts.Select(p => p.Authors));
    }

    [Fact]
    public void Stand_in_authors_are_ignored_when_the_item_names_its_author()
    {
        var feed = Feed("""
            <item><author>writer@example.org (The Writer)</author><itunes:author>The Show</itunes:author></item>
            <item><dc:creator>Creator</dc:creator><atom:author><atom:name>Other</atom:name></atom:author></item>
            """);

        Assert.Equal([["The Writer"], ["Creator"]], feed.Posts.Select(p => p.Authors));
    }

    [Fact]
    public void Atom_categories_in_an_item_are_tags()
    {
        var post = Assert.Single(Feed("""<item><title>A</title><category>RSS</category><atom:category term="atomterm"/><atom:category label="Label only"/></item>""").Posts);

        Assert.Equal(["RSS", "atomterm", "Label only"], post.Tags);
    }

    [Fact]
    public void Atom_alternate_link_stands_in_for_a_missing_channel_link()
    {
        var withAtomOnly = Feed("""<atom:link rel="self" href="https://site.example.org/feed"/><atom:link rel="alternate" type="text/html" href="https://site.example.org/home"/>""");
        var withBoth = Feed("""<link>https://site.example.org/rss-link</link><atom:link rel="alternate" href="https://site.example.org/home"/>""");

        Assert.Equal("https://site.example.org/home", withAtomOnly.Link);
        Assert.Equal("https://site.example.org/rss-link", withBoth.Link);
    }

    [Fact]
    public void An_item_whose_link_is_only_an_Atom_link_gets_that_link()
    {
        var feed = Xml("""
            <rss version="2.0" xmlns:a10="http://www.w3.org/2005/Atom" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
            <item><title>Written by SyndicationFeed</title><a10:link href="https://blog.example.org/one" /></item>
            <item><title>Replies first</title><atom:link rel="replies" href="https://blog.example.org/two/comments" /><atom:link rel="alternate" type="text/html" href="https://blog.example.org/two" /></item>
            <item><title>Empty RSS link</title><link> </link><atom:link href="https://blog.example.org/three" /></item>
            <item><title>RSS link wins</title><link>https://blog.example.org/four</link><atom:link rel="alternate" href="https://blog.example.org/elsewhere" /></item>
            </channel></rss>
            """);

        Assert.Equal(["https://blog.example.org/one", "https://blog.example.org/two", "https://blog.example.org/three", "https://blog.example.org/four"],
            feed.Posts.Select(p => p.Link));
    }
}
