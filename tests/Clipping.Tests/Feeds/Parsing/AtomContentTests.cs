using Clipping.Feeds.Parsing;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Atom's text types and xml:base, which decide what content says and what its links mean.</summary>
public class AtomContentTests
{
    [Fact]
    public void Xhtml_content_is_the_inner_markup_of_the_div_without_namespaces()
    {
        var post = AtomEntry("""
            <id>urn:1</id>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One <b>bold</b> <i>word</i>&amp;more</p><br/><div></div><img src="a.png"/></div></content>
            """);

        Assert.Equal("<p>One <b>bold</b> <i>word</i>&amp;more</p><br /><div></div><img src=\"a.png\" />", post.ContentHtml);
    }

    [Fact]
    public void Xhtml_content_with_a_prefixed_div_is_read()
    {
        var feed = Xml("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://www.w3.org/1999/xhtml">
            <entry><id>urn:1</id><summary type="xhtml"><x:div><x:p>Hi</x:p></x:div></summary></entry></feed>
            """);

        Assert.Equal("<p>Hi</p>", Assert.Single(feed.Posts).SummaryHtml);
    }

    [Fact]
    public void Xhtml_title_is_its_text()
    {
        var post = AtomEntry("""<id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> &amp; <i>new</i> title</div></title>""");

        Assert.Equal("A bold & new title", post.Title);
    }

    [Fact]
    public void Html_title_is_decoded_and_stripped()
    {
        var post = AtomEntry("""<id>urn:1</id><title type="html">Caf&amp;eacute; &lt;em&gt;owners&lt;/em&gt; &amp;amp; &amp;lt;friends&amp;gt;</title>""");

        Assert.Equal("Café owners & <friends>", post.Title);
    }

    [Fact]
    public void Text_title_is_taken_literally()
    {
        var post = AtomEntry("""<id>urn:1</id><title type="text">Use &lt;b&gt; and &amp;amp;   wisely</title>""");

        Assert.Equal("Use <b> and &amp; wisely", post.Title);
    }

    [Fact]
    public void Xml_base_chain_resolves_links_and_content_base()
    {
        var feed = Atom(
            """
            <entry xml:base="2010/">
              <id>urn:1</id>
              <link href="post.html"/>
              <content type="html" xml:base="/media/">&lt;img src="x.png"&gt;</content>
            </entry>
            <entry><id>urn:2</id><link href="other.html"/><summary>s</summary></entry>
            """,
            feedExtras: """<link rel="alternate" href="https://blog.example.com/home"/>""",
            documentUrl: new Uri("https://blog.example.com/feeds/atom.xml"));

        // No xml:base in the feed element: the entry's resolves against the document URL.
        Assert.Equal("https://blog.example.com/feeds/2010/post.html", feed.Posts[0].Link);
        Assert.Equal("https://blog.example.com/media/", feed.Posts[0].BaseUrl);
        // Without any xml:base, the feed's link anchors relative links.
        Assert.Equal("https://blog.example.com/other.html", feed.Posts[1].Link);
        Assert.Equal("https://blog.example.com/other.html", feed.Posts[1].BaseUrl);
    }

    [Fact]
    public void Xml_base_nests_from_the_root_down()
    {
        var feed = Xml("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://phil.example.com/blog/">
              <link href="./"/>
              <entry xml:base="2010/10/">
                <id>urn:1</id>
                <link rel="alternate" href="post.html" xml:base="../../archive/"/>
                <content type="html">&lt;a href="x"&gt;x&lt;/a&gt;</content>
              </entry>
            </feed>
            """, documentUrl: new Uri("https://feeds.example.net/phil"));

        Assert.Equal("https://phil.example.com/blog/", feed.Link);
        var post = Assert.Single(feed.Posts);
        Assert.Equal("https://phil.example.com/blog/archive/post.html", post.Link);
        Assert.Equal("https://phil.example.com/blog/2010/10/", post.BaseUrl);
    }

    [Fact]
    public void Relative_xml_base_without_document_url_is_ignored()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/">
              <entry><id>urn:1</id><link href="https://a.example.com/p"/><content type="html">c</content></entry>
            </feed>
            """u8.ToArray();

        var feed = FeedParser.Parse(xml, null, documentUrl: null);

        Assert.Equal("https://a.example.com/p", Assert.Single(feed.Posts).BaseUrl);
    }

    [Fact]
    public void Rss_with_xml_base_resolves_against_it()
    {
        var feed = Xml("""
            <rss version="2.0" xml:base="https://base.example.com/news/"><channel><title>T</title><link>https://base.example.com/</link>
            <item><title>A</title><link>a.html</link><description>&lt;img src="i.png"&gt;</description></item></channel></rss>
            """);

        var post = Assert.Single(feed.Posts);
        Assert.Equal("https://base.example.com/news/a.html", post.Link);
        Assert.Equal("https://base.example.com/news/", post.BaseUrl);
    }

    [Fact]
    public void Atom_03_feed_is_read()
    {
        var feed = Xml("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old</title><link rel="alternate" type="text/html" href="https://old.example.com/"/>
              <entry>
                <title>Entry</title><link rel="alternate" type="text/html" href="https://old.example.com/1"/>
                <id>tag:old.example.com,2004:1</id><issued>2004-05-01T12:00:00Z</issued><modified>2004-05-02T12:00:00Z</modified>
                <author><name>Mark</name></author>
                <content type="text/html" mode="escaped">&lt;p&gt;Hello&lt;/p&gt;</content>
              </entry>
            </feed>
            """);

        var post = Assert.Single(feed.Posts);
        Assert.Equal("https://old.example.com/", feed.Link);
        Assert.Equal("https://old.example.com/1", post.Link);
        Assert.Equal(new DateTimeOffset(2004, 5, 1, 12, 0, 0, TimeSpan.Zero), post.Published);
        Assert.Equal(new DateTimeOffset(2004, 5, 2, 12, 0, 0, TimeSpan.Zero), post.Updated);
        Assert.Equal(["Mark"], post.Authors);
        Assert.Equal("<p>Hello</p>", post.ContentHtml);
    }
}
