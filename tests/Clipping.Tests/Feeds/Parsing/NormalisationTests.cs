using Clipping.Feeds.Parsing;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>The rules every format shares: plain titles, absolute links, ids, tidy tags and authors, images.</summary>
public class NormalisationTests
{
    [Theory]
    [InlineData("<title>  Big\n\t Society   </title>", "Big Society")]
    [InlineData("<title>Fish &amp;amp; chips</title>", "Fish & chips")]
    [InlineData("<title><![CDATA[<b>Bold</b> &ndash; <i>move</i>]]></title>", "Bold – move")]
    [InlineData("<title>1 &lt; 2</title>", "1 < 2")]
    [InlineData("<title>&#8220;Quoted&#8221;</title>", "\u201CQuoted\u201D")]
    [InlineData("<title>   </title>", null)]
    public void Title_is_plain_text(string titleXml, string? expected)
    {
        Assert.Equal(expected, RssItem(titleXml).Title);
    }

    [Fact]
    public void Feed_title_and_link_are_normalised()
    {
        var feed = Xml("<rss version=\"2.0\"><channel><title> A &lt;b&gt;bold&lt;/b&gt;\n feed </title><link> /blog/ </link></channel></rss>",
            documentUrl: new Uri("https://site.example.org/feeds/rss"));

        Assert.Equal("A bold feed", feed.Title);
        Assert.Equal("https://site.example.org/blog/", feed.Link);
    }

    [Fact]
    public void Relative_links_resolve_against_the_feed_link_else_the_document_url()
    {
        var withFeedLink = Xml("<rss version=\"2.0\"><channel><title>T</title><link>https://www.example.com/news/</link><item><title>A</title><link>2010/a.html</link></item></channel></rss>",
            documentUrl: new Uri("https://feeds.example.net/x/rss"));
        var withoutFeedLink = Xml("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>/a.html</link></item></channel></rss>",
            documentUrl: new Uri("https://feeds.example.net/x/rss"));
        var withNothing = FeedParser.Parse("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>/a.html</link></item></channel></rss>"u8.ToArray(), null, null);

        Assert.Equal("https://www.example.com/news/2010/a.html", Assert.Single(withFeedLink.Posts).Link);
        Assert.Equal("https://feeds.example.net/a.html", Assert.Single(withoutFeedLink.Posts).Link);
        Assert.Null(Assert.Single(withNothing.Posts).Link);
    }

    [Fact]
    public void Rss_guid_stands_in_for_a_missing_link_unless_it_is_not_a_permalink()
    {
        var feed = Rss("""
            <item><title>Default</title><guid>https://site.example.org/p/1</guid></item>
            <item><title>Permalink</title><guid isPermaLink="true"> https://site.example.org/p/2 </guid></item>
            <item><title>Not a permalink</title><guid isPermaLink="false">https://site.example.org/?p=3</guid></item>
            <item><title>Not a URL</title><guid>post-4</guid></item>
            <item><title>Has link</title><link>https://site.example.org/real</link><guid>https://site.example.org/p/5</guid></item>
            """);

        Assert.Equal(
            ["https://site.example.org/p/1", "https://site.example.org/p/2", null, null, "https://site.example.org/real"],
            feed.Posts.Select(p => p.Link));
        Assert.Equal("https://site.example.org/p/2", feed.Posts[1].Id);
        Assert.Equal("post-4", feed.Posts[3].Id);
    }

    [Fact]
    public void Item_with_neither_link_nor_guid_is_kept_without_a_link()
    {
        var post = RssItem("<title>Just a note</title><description>Text only</description>");

        Assert.Equal("Just a note", post.Title);
        Assert.Null(post.Link);
        Assert.Null(post.Id);
    }

    [Fact]
    public void Items_reusing_a_guid_are_all_kept()
    {
        // The pipeline tells them apart by link; the parser must not merge or drop them.
        var feed = Rss("""
            <item><title>First</title><link>https://site.example.org/a</link><guid isPermaLink="false">same</guid></item>
            <item><title>Second</title><link>https://site.example.org/b</link><guid isPermaLink="false">same</guid></item>
            <item><title>Third</title><guid>https://site.example.org/c</guid></item>
            <item><title>Fourth</title><guid>https://site.example.org/c</guid></item>
            """);

        Assert.Equal(["First", "Second", "Third", "Fourth"], feed.Posts.Select(p => p.Title));
        Assert.Equal(["same", "same", "https://site.example.org/c", "https://site.example.org/c"], feed.Posts.Select(p => p.Id));
        Assert.Equal(["https://site.example.org/a", "https://site.example.org/b", "https://site.example.org/c", "https://site.example.org/c"], feed.Posts.Select(p => p.Link));
    }

    [Fact]
    public void Guid_that_changes_scheme_is_kept_as_written()
    {
        // A blog moving to https rewrites its guids; the pipeline knows them for the same post, so the parser keeps each as the feed writes it.
        var before = RssItem("<title>A</title><guid>http://site.example.org/p/1</guid>");
        var after = RssItem("<title>A</title><guid>https://site.example.org/p/1</guid>");

        Assert.Equal("http://site.example.org/p/1", before.Id);
        Assert.Equal("http://site.example.org/p/1", before.Link);
        Assert.Equal("https://site.example.org/p/1", after.Id);
        Assert.Equal("https://site.example.org/p/1", after.Link);
    }

    [Fact]
    public void Atom_id_stands_in_for_a_missing_link_when_it_is_http()
    {
        var feed = Atom("""
            <entry><id>https://a.example.com/posts/1</id></entry>
            <entry><id>tag:a.example.com,2010:2</id></entry>
            <entry><id>   </id></entry>
            """);

        Assert.Equal(["https://a.example.com/posts/1", null, null], feed.Posts.Select(p => p.Link));
        Assert.Null(feed.Posts[2].Id);
    }

    [Fact]
    public void Script_links_are_never_passed_on()
    {
        var post = RssItem("<title>A</title><link>javascript:alert(1)</link><media:thumbnail url=\"javascript:alert(2)\"/>");

        Assert.Null(post.Link);
        Assert.Null(post.ImageUrl);
    }

    [Fact]
    public void Authors_are_trimmed_distinct_and_email_forms_become_names()
    {
        var post = RssItem("""
            <title>A</title><author>jane@example.com (Jane Doe)</author>
            <dc:creator>John Roe &lt;john@example.com&gt;</dc:creator><dc:creator>  </dc:creator><dc:creator>jane@example.com (Jane Doe)</dc:creator>
            <dc:creator>solo@example.com</dc:creator>
            """);

        Assert.Equal(["Jane Doe", "John Roe", "solo@example.com"], post.Authors);
    }

    [Fact]
    public void Image_comes_from_media_content_thumbnail_or_image_enclosure_made_absolute()
    {
        var feed = Rss("""
            <item><title>content</title><media:content url="/v.mp4" type="video/mp4"/><media:content url="/i.jpg" type="image/jpeg"/></item>
            <item><title>thumbnail</title><media:group><media:content url="/v.mp4" medium="video"><media:thumbnail url="t.png"/></media:content></media:group></item>
            <item><title>enclosure</title><enclosure url="https://cdn.example.org/a.mp3" type="audio/mpeg" length="1"/><enclosure url="https://cdn.example.org/e.png" type="image/png" length="1"/></item>
            <item><title>none</title><enclosure url="https://cdn.example.org/a.mp3" type="audio/mpeg" length="1"/></item>
            """,
            channelExtras: "");

        Assert.Equal(
            ["https://site.example.org/i.jpg", "https://site.example.org/blog/t.png", "https://cdn.example.org/e.png", null],
            feed.Posts.Select(p => p.ImageUrl));
    }

    [Fact]
    public void Image_of_an_atom_entry_is_an_image_enclosure_link()
    {
        var post = AtomEntry("""<id>urn:1</id><link rel="alternate" href="https://a.example.com/1"/><link rel="enclosure" type="image/jpeg" href="/pic.jpg"/>""");

        Assert.Equal("https://a.example.com/pic.jpg", post.ImageUrl);
    }

    [Fact]
    public void Media_rss_without_a_trailing_slash_in_its_namespace_is_read()
    {
        var feed = Xml("""<rss version="2.0" xmlns:m="http://search.yahoo.com/mrss"><channel><title>T</title><item><title>A</title><m:thumbnail url="https://i.example.com/t.jpg"/></item></channel></rss>""");

        Assert.Equal("https://i.example.com/t.jpg", Assert.Single(feed.Posts).ImageUrl);
    }

    [Fact]
    public void Items_beside_the_channel_are_read()
    {
        var feed = Xml("<rss version=\"0.92\"><channel><title>T</title></channel><item><title>A</title></item></rss>");

        Assert.Equal(FeedFormat.Rss092, feed.Format);
        Assert.Equal("A", Assert.Single(feed.Posts).Title);
    }

    [Fact]
    public void Rss_0_90_is_read()
    {
        var feed = Xml("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link></channel>
              <item><title>New Status Updates</title><link>http://www.mozilla.org/status/</link></item>
            </rdf:RDF>
            """);

        Assert.Equal(FeedFormat.Rss090, feed.Format);
        Assert.Equal("http://www.mozilla.org/", feed.Link);
        Assert.Equal("http://www.mozilla.org/status/", Assert.Single(feed.Posts).Link);
    }

    [Fact]
    public void Self_link_anchors_relative_links_when_the_document_url_is_unknown()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <link href="/blog/"/><link rel="self" href="https://example.com/blog/feed.xml"/>
              <entry><id>urn:1</id><link href="/blog/2003/12/13/atom03"/></entry>
            </feed>
            """u8.ToArray();

        var feed = FeedParser.Parse(xml, null, documentUrl: null);

        Assert.Equal("https://example.com/blog/", feed.Link);
        Assert.Equal("https://example.com/blog/2003/12/13/atom03", Assert.Single(feed.Posts).Link);
    }

    [Fact]
    public void File_read_from_disk_resolves_against_its_self_link()
    {
        var xml = """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
            <atom:link rel="self" href="https://site.example.org/feed/"/><item><title>A</title><link>/a</link></item></channel></rss>
            """u8.ToArray();

        var feed = FeedParser.Parse(xml, null, new Uri("file:///tmp/feed.xml"));

        Assert.Equal("https://site.example.org/a", Assert.Single(feed.Posts).Link);
    }

    [Fact]
    public void Document_url_wins_over_the_self_link()
    {
        var feed = Xml("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
            <atom:link rel="self" href="https://old.example.com/feed"/><item><title>A</title><link>/a</link></item></channel></rss>
            """, documentUrl: new Uri("https://new.example.com/feed"));

        Assert.Equal("https://new.example.com/a", Assert.Single(feed.Posts).Link);
    }

    [Fact]
    public void Atom_entry_document_reads_as_a_feed_of_one()
    {
        var feed = Xml("""<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:1</id><title>Lone</title><link href="https://a.example.com/1"/></entry>""");

        Assert.Equal(FeedFormat.Atom10, feed.Format);
        Assert.Null(feed.Title);
        Assert.Equal("Lone", Assert.Single(feed.Posts).Title);
    }
}
