using System.Net;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Each place CodeHollow.FeedReader 1.2.6 gets a feed wrong, and what Clipping reads instead.</summary>
public class FeedReaderFixesTests
{
    [Fact]
    public void Atom_link_is_the_alternate_not_the_first_link()
    {
        var post = AtomEntry("""
            <id>urn:1</id><title>A</title>
            <link rel="replies" type="application/atom+xml" href="https://b.example.com/feeds/1/comments/default"/>
            <link rel="edit" href="https://b.example.com/edit/1"/>
            <link rel="alternate" type="text/html" href="https://b.example.com/2010/10/a.html"/>
            """);

        Assert.Equal("https://b.example.com/2010/10/a.html", post.Link);
    }

    [Fact]
    public void Atom_link_without_rel_counts_as_alternate()
    {
        var post = AtomEntry("""<id>urn:1</id><link rel="self" href="https://b.example.com/self"/><link href="https://b.example.com/page"/>""");

        Assert.Equal("https://b.example.com/page", post.Link);
    }

    [Fact]
    public void Atom_html_alternate_is_preferred_over_other_alternates()
    {
        var post = AtomEntry("""
            <id>urn:1</id>
            <link rel="alternate" type="application/pdf" href="https://b.example.com/a.pdf"/>
            <link rel="alternate" type="text/html" href="https://b.example.com/a.html"/>
            """);

        Assert.Equal("https://b.example.com/a.html", post.Link);
    }

    [Fact]
    public void Atom_entry_with_only_a_comments_link_has_no_link()
    {
        var post = AtomEntry("""<id>urn:1</id><link rel="replies" href="https://b.example.com/comments"/>""");

        Assert.Null(post.Link);
    }

    [Fact]
    public void In_rss_1_0_a_dc_subject_with_spaces_gives_one_tag_per_word()
    {
        var feed = Xml("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://b.example/"><title>Bookmarks</title><link>https://b.example/</link></channel>
            <item rdf:about="https://a.example/1"><title>A</title><link>https://a.example/1</link><dc:subject>bigsociety localism cuts</dc:subject></item>
            </rdf:RDF>
            """);

        Assert.Equal(["bigsociety", "localism", "cuts"], Assert.Single(feed.Posts).Tags);
    }

    [Fact]
    public void In_rss_2_0_a_dc_subject_without_commas_is_one_subject()
    {
        var post = RssItem("<title>A</title><dc:subject>World News</dc:subject>");

        Assert.Equal(["World News"], post.Tags);
    }

    [Fact]
    public void Dc_subject_with_commas_splits_on_commas_only()
    {
        var post = RssItem("<title>A</title><dc:subject>Big Society, local government ,cuts</dc:subject><dc:subject>extra</dc:subject>");

        Assert.Equal(["Big Society", "local government", "cuts", "extra"], post.Tags);
    }

    [Fact]
    public void Dc_subject_under_another_prefix_still_counts()
    {
        var feed = Xml("""
            <rss version="2.0" xmlns:dublin="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
            <item><title>A</title><dublin:subject>one two</dublin:subject><dublin:creator>Ann</dublin:creator></item>
            </channel></rss>
            """);

        var post = Assert.Single(feed.Posts);
        Assert.Equal(["one two"], post.Tags);
        Assert.Equal(["Ann"], post.Authors);
    }

    [Fact]
    public void Rss_category_and_dc_subject_are_both_tags_in_order_without_repeats()
    {
        var post = RssItem("<title>A</title><category>Big Society</category><category> Funding </category><category></category><dc:subject>Funding grants</dc:subject>");

        Assert.Equal(["Big Society", "Funding", "Funding grants"], post.Tags);
    }

    [Fact]
    public void Atom_category_gives_term_or_else_label()
    {
        var post = AtomEntry("""
            <id>urn:1</id>
            <category scheme="http://www.blogger.com/atom/ns#" term="Big Society"/>
            <category label="Labelled only"/>
            <category term="localism" label="Localism (label)"/>
            <category term=""/>
            """);

        Assert.Equal(["Big Society", "Labelled only", "localism"], post.Tags);
    }

    [Fact]
    public void Wordpress_dc_creator_is_the_author()
    {
        var post = RssItem("<title>A</title><dc:creator><![CDATA[Rich]]></dc:creator>");

        Assert.Equal(["Rich"], post.Authors);
    }

    [Fact]
    public void Rss_author_and_several_dc_creators_are_all_kept_once()
    {
        var post = RssItem("<title>A</title><author>jane@example.com (Jane Doe)</author><dc:creator>Jane Doe</dc:creator><dc:creator> Bob  Roe </dc:creator>");

        Assert.Equal(["Jane Doe", "Bob Roe"], post.Authors);
    }

    [Theory]
    [InlineData("jane@example.com (Jane Doe)", "Jane Doe")]
    [InlineData("Jane Doe <jane@example.com>", "Jane Doe")]
    [InlineData("Jane Doe (jane@example.com)", "Jane Doe")]
    [InlineData("Simon St.Laurent (mailto:simonstl@example.com)", "Simon St.Laurent")]
    [InlineData("Jane Doe <mailto:jane@example.com>", "Jane Doe")]
    [InlineData("Jane Doe (Editor) <jane@example.com>", "Jane Doe (Editor)")]
    [InlineData("Jane Doe (Editor)", "Jane Doe (Editor)")]
    [InlineData("Doe, Jane", "Doe, Jane")]
    [InlineData("solo@example.com", "solo@example.com")]
    public void Author_strings_with_an_email_address_give_the_name(string raw, string expected)
    {
        Assert.Equal([expected], RssItem($"<title>A</title><author>{WebUtility.HtmlEncode(raw)}</author>").Authors);
    }

    [Fact]
    public void Atom_authors_are_all_names_and_fall_back_to_the_feed_author()
    {
        var feed = Atom(
            """
            <entry><id>urn:1</id><author><name>Ann</name></author><author><name>Bob</name><email>b@example.com</email></author></entry>
            <entry><id>urn:2</id></entry>
            """,
            feedExtras: "<author><name>Feed Owner</name></author>");

        Assert.Equal(["Ann", "Bob"], feed.Posts[0].Authors);
        Assert.Equal(["Feed Owner"], feed.Posts[1].Authors);
    }

    [Theory]
    [InlineData("&eacute;", "é")]
    [InlineData("&nbsp;", "\u00A0")]
    [InlineData("&raquo;", "»")]
    [InlineData("&middot;", "·")]
    [InlineData("&hellip;", "…")]
    public void Undefined_html_entities_are_read_as_html(string entity, string expected)
    {
        var feed = Rss($"<item><title>x{entity}y</title><description>a{entity}b</description></item>");

        var post = Assert.Single(feed.Posts);
        Assert.Equal("a" + expected + "b", post.ContentHtml);
        Assert.Contains(feed.Warnings, w => w.Contains(entity, StringComparison.Ordinal));
    }

    [Fact]
    public void Escaped_script_in_content_encoded_is_decoded_once_not_twice()
    {
        // The published HTML shows the text "<script>"; decoding it again would make it a real tag.
        var post = RssItem("<title>A</title><content:encoded>&lt;p&gt;Write &amp;lt;script&amp;gt; to run code&lt;/p&gt;</content:encoded>");

        Assert.Equal("<p>Write &lt;script&gt; to run code</p>", post.ContentHtml);
    }

    [Fact]
    public void Escaped_script_in_atom_html_content_is_decoded_once_not_twice()
    {
        var post = AtomEntry("<id>urn:1</id><content type=\"html\">&lt;p&gt;Write &amp;lt;script&amp;gt; to run code&lt;/p&gt;</content>");

        Assert.Equal("<p>Write &lt;script&gt; to run code</p>", post.ContentHtml);
    }

    [Fact]
    public void Rss_content_is_content_encoded_else_description()
    {
        var both = RssItem("<title>A</title><description>short</description><content:encoded><![CDATA[<p>full</p>]]></content:encoded>");
        var descriptionOnly = RssItem("<title>A</title><description>&lt;b&gt;short&lt;/b&gt;</description>");

        Assert.Equal("<p>full</p>", both.ContentHtml);
        Assert.Equal("short", both.SummaryHtml);
        Assert.Equal("<b>short</b>", descriptionOnly.ContentHtml);
        Assert.Equal("<b>short</b>", descriptionOnly.SummaryHtml);
    }

    [Fact]
    public void Atom_text_content_is_html_encoded()
    {
        var post = AtomEntry("<id>urn:1</id><content type=\"text\">1 &lt; 2 &amp; &lt;b&gt; is not bold</content>");

        Assert.Equal("1 &lt; 2 &amp; &lt;b&gt; is not bold", post.ContentHtml);
    }

    [Fact]
    public void Atom_content_is_content_else_summary()
    {
        var feed = Atom("""
            <entry><id>urn:1</id><summary>sum</summary><content type="html">&lt;p&gt;full&lt;/p&gt;</content></entry>
            <entry><id>urn:2</id><summary type="html">&lt;i&gt;sum&lt;/i&gt;</summary></entry>
            <entry><id>urn:3</id><summary>only</summary><content src="https://b.example.com/video.mp4" type="video/mp4"/></entry>
            """);

        Assert.Equal("<p>full</p>", feed.Posts[0].ContentHtml);
        Assert.Equal("sum", feed.Posts[0].SummaryHtml);
        Assert.Equal("<i>sum</i>", feed.Posts[1].ContentHtml);
        Assert.Equal("only", feed.Posts[2].ContentHtml);
    }

    [Fact]
    public void A_date_feedreader_crashes_on_loses_only_that_date()
    {
        // FeedReader's date parser throws on a value with neither a comma nor a space.
        var feed = Rss("""
            <item><title>Bad date</title><link>https://site.example.org/1</link><pubDate>yesterday</pubDate><dc:creator>Ann</dc:creator></item>
            <item><title>Good date</title><pubDate>Tue, 19 Oct 2010 10:00:00 +0000</pubDate></item>
            """);

        Assert.Equal(2, feed.Posts.Count);
        Assert.Equal("Bad date", feed.Posts[0].Title);
        Assert.Equal("https://site.example.org/1", feed.Posts[0].Link);
        Assert.Null(feed.Posts[0].Published);
        Assert.Equal(["Ann"], feed.Posts[0].Authors);
        Assert.Equal(new DateTimeOffset(2010, 10, 19, 10, 0, 0, TimeSpan.Zero), feed.Posts[1].Published);
    }

    [Fact]
    public void Named_zones_feedreader_reads_as_utc_are_read_right()
    {
        var post = RssItem("<title>A</title><pubDate>Fri, 22 Oct 2010 14:20:00 EST</pubDate>");

        Assert.Equal(new DateTimeOffset(2010, 10, 22, 19, 20, 0, TimeSpan.Zero), post.Published);
    }
}
