using System.Text;
using Clipping.Feeds.Parsing;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Feeds that are not quite XML, read anyway, and documents that are refused, with a reason.</summary>
public class XmlRecoveryTests
{
    [Fact]
    public void Bare_ampersands_are_escaped_in_text_and_attributes()
    {
        var feed = Rss("""<item><title>Fish & chips</title><link>https://site.example.org/?a=1&b=2</link><media:content url="https://img.example.org/x.jpg?w=1&h=2" medium="image"/></item>""");

        var post = Assert.Single(feed.Posts);
        Assert.Equal("Fish & chips", post.Title);
        Assert.Equal("https://site.example.org/?a=1&b=2", post.Link);
        Assert.Equal("https://img.example.org/x.jpg?w=1&h=2", post.ImageUrl);
        Assert.Contains(feed.Warnings, w => w.Contains("'&'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_entity_is_kept_as_text()
    {
        var post = Assert.Single(Rss("<item><title>a &madeup; b</title><description>x</description></item>").Posts);

        Assert.Equal("a &madeup; b", post.Title);
    }

    [Fact]
    public void Cdata_is_left_alone_while_the_rest_is_repaired()
    {
        var feed = Rss("<item><title>Caf&eacute;</title><description><![CDATA[<p>R&D &amp; &eacute;</p>]]></description></item>");

        var post = Assert.Single(feed.Posts);
        Assert.Equal("Café", post.Title);
        Assert.Equal("<p>R&D &amp; &eacute;</p>", post.ContentHtml);
    }

    [Fact]
    public void Control_characters_are_removed()
    {
        var feed = Rss("<item><title>Tab\there\u0001 and\u000B bell\u0007</title><description>ok\u001F</description></item>");

        var post = Assert.Single(feed.Posts);
        Assert.Equal("Tab here and bell", post.Title);
        Assert.Equal("ok", post.ContentHtml);
        Assert.Contains(feed.Warnings, w => w.Contains("control character", StringComparison.Ordinal));
    }

    [Fact]
    public void Numeric_references_to_illegal_characters_are_removed()
    {
        var post = Assert.Single(Rss("<item><title>a&#0;b&#x1;c&#8217;d</title></item>").Posts);

        Assert.Equal("abc\u2019d", post.Title);
    }

    [Fact]
    public void Utf8_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Caf\u00e9</title></channel></rss>")).ToArray();

        var feed = FeedParser.Parse(bytes, null, null);

        Assert.Equal("Café", feed.Title);
        Assert.Empty(feed.Warnings);
    }

    [Fact]
    public void Whitespace_before_the_xml_declaration_is_skipped()
    {
        var feed = Xml("\n\n  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>");

        Assert.Equal("A", Assert.Single(feed.Posts).Title);
    }

    [Fact]
    public void Junk_before_the_xml_declaration_is_skipped_with_a_warning()
    {
        var feed = Xml("Warning: something in /var/www/wp-config.php on line 3\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>");

        Assert.Equal("A", Assert.Single(feed.Posts).Title);
        Assert.Contains(feed.Warnings, w => w.Contains("before the start", StringComparison.Ordinal));
    }

    [Fact]
    public void Feed_cut_off_mid_item_keeps_complete_items()
    {
        var feed = Xml("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title></item>
            <item><title>Two</title><description>two</description></item>
            <item><title>Thr
            """);

        Assert.Equal(["One", "Two"], feed.Posts.Select(p => p.Title));
        Assert.Equal("The feed was cut short: kept the 2 complete items before the break", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Feed_cut_off_before_its_first_item_says_so()
    {
        var feed = Xml("<rss version=\"2.0\"><channel><title>T</title><link>https://site.example.org/</link><item><title>On");

        Assert.Equal("T", feed.Title);
        Assert.Empty(feed.Posts);
        Assert.Equal("The feed was cut short: no item arrived complete before the break", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Atom_feed_cut_off_keeps_complete_entries()
    {
        var feed = Xml("""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>One</title></entry><entry><id>urn:2</id><tit""");

        Assert.Equal("One", Assert.Single(feed.Posts).Title);
        Assert.Contains("cut short", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_broken_in_the_middle_keeps_the_items_before_the_break()
    {
        var feed = Xml("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title></item>
            <item><title>Two</wrong></item>
            <item><title>Three</title></item>
            </channel></rss>
            """);

        Assert.Equal("One", Assert.Single(feed.Posts).Title);
        Assert.Equal("The feed is broken at line 3: kept the 1 complete item before the break", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Junk_after_the_end_of_the_feed_is_ignored()
    {
        var feed = Xml("<rss version=\"2.0\"><channel><title>T</title><item><title>One</title></item></channel></rss>\n<p>debug output</p>");

        Assert.Equal("One", Assert.Single(feed.Posts).Title);
        Assert.Contains("follows the end of the feed", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Doctype_without_internal_subset_is_ignored()
    {
        var feed = Xml("""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>T &amp; U</title><item><title>Caf&eacute;</title></item></channel></rss>
            """);

        Assert.Equal("T & U", feed.Title);
        Assert.Equal("Café", Assert.Single(feed.Posts).Title);
    }

    [Fact]
    public void Doctype_declaring_an_external_entity_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => Xml("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
            """));

        Assert.Contains("refuses", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctype_declaring_a_parameter_entity_is_refused()
    {
        Assert.Throws<FeedParseException>(() => Xml("""<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]><rss version="2.0"><channel/></rss>"""));
    }

    [Fact]
    public void Undeclared_entity_cannot_smuggle_in_a_file()
    {
        // With no DTD the reference means nothing: it is kept as text, never resolved.
        var feed = Xml("""<rss version="2.0"><channel><title>&xxe;</title></channel></rss>""");

        Assert.Equal("&xxe;", feed.Title);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>Sign in</title></head><body><p>Please log in<br></body></html>")]
    [InlineData("<HTML><HEAD><TITLE>Sign in</TITLE></HEAD><BODY>x</BODY></HTML>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Sign in</title></head><body/></html>")]
    [InlineData("  <html lang=\"en\"><head><title>  Sign\n in </title></head></html>")]
    public void Html_pages_are_recognised_with_their_title(string html)
    {
        var error = Assert.Throws<FeedParseException>(() => Xml(html, contentType: "text/html"));

        Assert.Equal("Sign in", error.HtmlTitle);
        Assert.Equal("This is an HTML page ('Sign in'), not a feed", error.Message);
    }

    [Fact]
    public void Html_page_without_a_title_says_so()
    {
        var error = Assert.Throws<FeedParseException>(() => Xml("<html><body>Nothing here</body></html>"));

        Assert.Null(error.HtmlTitle);
        Assert.Equal("This is an HTML page, not a feed", error.Message);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    public void Feed_with_a_wrong_content_type_is_read_by_its_body(string contentType)
    {
        var rss = Xml("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>", contentType: contentType);
        var atom = Xml("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>urn:1</id><title>B</title></entry></feed>", contentType: contentType);

        Assert.Equal("A", Assert.Single(rss.Posts).Title);
        Assert.Equal("B", Assert.Single(atom.Posts).Title);
        Assert.Empty(rss.Warnings);
    }

    [Fact]
    public void Xml_that_is_not_a_feed_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => Xml("<?xml version=\"1.0\"?><urlset><url/></urlset>"));

        Assert.StartsWith("Not a feed: no <rss>, <feed> or <rdf:RDF> root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_xml_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => Xml("Service temporarily unavailable"));

        Assert.StartsWith("Not a feed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n ")]
    [InlineData("\uFEFF")]
    public void Empty_body_is_refused(string body)
    {
        var error = Assert.Throws<FeedParseException>(() => Xml(body));

        Assert.Equal("The feed is empty", error.Message);
    }

    [Fact]
    public void Posts_are_capped_with_a_warning()
    {
        var items = string.Concat(Enumerable.Range(1, 7).Select(i => $"<item><title>P{i}</title></item>"));

        var feed = Xml($"<rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>", maxPosts: 5);

        Assert.Equal(["P1", "P2", "P3", "P4", "P5"], feed.Posts.Select(p => p.Title));
        Assert.Equal("The feed has 7 posts: kept the first 5", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Undeclared_well_known_prefixes_are_declared_with_their_namespaces()
    {
        var feed = Xml("""
            <rss version="2.0"><channel><title>T</title><atom:link rel="self" href="https://site.example.org/feed"/>
            <item><title>A</title><content:encoded><![CDATA[<p>Full</p>]]></content:encoded><dc:creator>Ann</dc:creator><foo:bar x:y="1">z</foo:bar></item>
            </channel></rss>
            """);

        var post = Assert.Single(feed.Posts);
        Assert.Equal("<p>Full</p>", post.ContentHtml);
        Assert.Equal(["Ann"], post.Authors);
        Assert.Contains("(atom, content, dc, foo, x)", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!-- generated by a template -->\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")]
    [InlineData("\n\n   <?xml version=\"1.0\" encoding=\"utf-8\"?>")]
    [InlineData("<?xml-stylesheet type=\"text/xsl\" href=\"/rss.xsl\"?>\n<?xml version=\"1.0\"?>")]
    [InlineData("<!-- one --><!-- two -->\r\n<?xml version='1.0'?><!-- after is fine -->")]
    public void What_comes_before_the_xml_declaration_is_passed_over(string before)
    {
        var feed = ParseHelper.Xml(before + "<rss version=\"2.0\"><channel><title>T</title><item><title>Post</title></item></channel></rss>");
        Assert.Equal("Post", Assert.Single(feed.Posts).Title);
    }

    [Fact]
    public void An_Atom_feed_wrapped_in_an_XHTML_page_is_read_from_inside_it()
    {
        var feed = ParseHelper.Xml("""
            <?xml version="1.0" encoding="utf-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>My blog's feed page</title></head>
            <body><feed xmlns="http://www.w3.org/2005/Atom"><title>Inner feed</title><id>urn:f</id><updated>2018-10-03T08:00:00Z</updated>
            <entry><title>A post</title><id>urn:p</id><link href="https://blog.example.org/a-post"/><updated>2018-10-03T08:00:00Z</updated></entry>
            </feed></body></html>
            """);

        Assert.Equal(FeedFormat.Atom10, feed.Format);
        Assert.Equal("Inner feed", feed.Title);
        Assert.Equal("https://blog.example.org/a-post", Assert.Single(feed.Posts).Link);
        Assert.Contains(feed.Warnings, w => w.Contains("wrapped in an HTML page", StringComparison.Ordinal));
    }

    [Fact]
    public void An_HTML_doctype_before_an_rss_root_does_not_make_the_feed_a_page()
    {
        var feed = ParseHelper.Xml("""
            <!DOCTYPE html>
            <rss version="2.0"><channel><title>Templated</title><item><title>Post</title></item></channel></rss>
            """);
        Assert.Equal("Templated", feed.Title);
        Assert.Equal("Post", Assert.Single(feed.Posts).Title);
    }

    [Fact]
    public void A_page_is_refused_by_its_own_title_never_one_from_its_body()
    {
        var withHead = Assert.Throws<FeedParseException>(() => ParseHelper.Xml(
            "<!DOCTYPE html><html><head><title>Welcome</title></head><body><svg><title>Chart</title></svg><p>Hello</p></body></html>"));
        Assert.Equal("Welcome", withHead.HtmlTitle);

        var bodyOnly = Assert.Throws<FeedParseException>(() => ParseHelper.Xml(
            "<html><head></head><body><feed><title>Not Atom, not the page's title</title></feed></body></html>"));
        Assert.Null(bodyOnly.HtmlTitle);
        Assert.Equal("This is an HTML page, not a feed", bodyOnly.Message);
    }

    [Theory]
    [InlineData("<rss")]
    [InlineData("<rss ")]
    [InlineData("<feed xmlns=\"x\">")]
    public async Task A_page_of_endless_feed_lookalikes_is_refused_without_a_search_per_lookalike(string lookalike)
    {
        // Five megabytes of candidates: searched once each, this would take minutes; it must be refused at once.
        var page = "<html><body>" + string.Concat(Enumerable.Repeat(lookalike, 5 * 1024 * 1024 / lookalike.Length)) + "</rss></feed></body></html>";
        var refusal = await Task.Run(() => Assert.Throws<FeedParseException>(() => ParseHelper.Xml(page))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("This is an HTML page", refusal.Message, StringComparison.Ordinal);
    }
}
