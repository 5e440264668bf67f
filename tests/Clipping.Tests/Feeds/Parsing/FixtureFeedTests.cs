using Clipping.Feeds.Parsing;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>The shared fixture feeds, each read as the README says it must be.</summary>
public class FixtureFeedTests
{
    private static ParsedFeed Parse(string file, string url, string? contentType = null) =>
        FeedParser.Parse(Fixtures.Feed(file), contentType, new Uri(url));

    [Fact]
    public void Phil_blogger_atom_has_alternate_links_not_comment_feeds()
    {
        var feed = Parse("phil-blogger.atom.xml", "https://phil.example.com/feeds/posts/default");

        Assert.Equal(FeedFormat.Atom10, feed.Format);
        Assert.Equal("Whole place thinking", feed.Title);
        Assert.Equal("https://phil.example.com/", feed.Link);
        Assert.Equal(
            [
                "https://phil.example.com/2010/10/elected-police-chiefs-plurality-or.html",
                "https://phil.example.com/2010/10/big-society-equals-organised-chaos.html",
                "https://phil.example.com/2010/10/what-gp-commissioning-means.html",
            ],
            feed.Posts.Select(p => p.Link));
        Assert.DoesNotContain(feed.Posts, p => p.Link!.Contains("/comments/", StringComparison.Ordinal));
        Assert.Empty(feed.Warnings);
    }

    [Fact]
    public void Phil_blogger_atom_posts_have_utc_dates_terms_authors_and_xml_base()
    {
        var first = Parse("phil-blogger.atom.xml", "https://phil.example.com/feeds/posts/default").Posts[0];

        Assert.Equal("tag:blogger.com,1999:blog-7001.post-903", first.Id);
        Assert.Equal("Elected police chiefs: plurality or anarchy?", first.Title);
        Assert.Equal(new DateTimeOffset(2010, 10, 25, 20, 40, 0, TimeSpan.Zero), first.Published);
        Assert.Equal(TimeSpan.Zero, first.Published!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2010, 10, 25, 20, 40, 12, 1, TimeSpan.Zero), first.Updated);
        Assert.Equal(["BigSociety", "police"], first.Tags);
        Assert.Equal(["Phil"], first.Authors);
        // Content links are relative to the feed's xml:base, not to the post.
        Assert.Equal("https://phil.example.com/", first.BaseUrl);
        Assert.Contains("<a href=\"2010/10/big-society-equals-organised-chaos.html\">earlier post</a>", first.ContentHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Rich_wordpress_rss_has_en_dash_creator_tags_content_and_absolute_media_image()
    {
        var feed = Parse("rich-wordpress.rss.xml", "https://rich.example.org/feed/");

        Assert.Equal(FeedFormat.Rss20, feed.Format);
        Assert.Equal("Man of letters & numbers", feed.Title);
        Assert.Equal(3, feed.Posts.Count);
        var gaps = feed.Posts[1];
        Assert.Equal("Big Society \u2013 falling through the gaps?", gaps.Title);
        Assert.Equal("https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/", gaps.Link);
        Assert.Equal("http://rich.example.org/?p=112", gaps.Id);
        Assert.Equal(["Rich"], gaps.Authors);
        Assert.Equal(["Politics", "Big Society", "localism"], gaps.Tags);
        Assert.Equal(new DateTimeOffset(2010, 10, 18, 7, 30, 52, TimeSpan.Zero), gaps.Published);
        Assert.Equal("https://rich.example.org/files/2010/10/gaps.jpg", gaps.ImageUrl);
        Assert.Equal(gaps.Link, gaps.BaseUrl);
        Assert.StartsWith("<p>Nobody is in charge of the Big Society", gaps.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/files/2010/10/gaps.jpg\"", gaps.ContentHtml, StringComparison.Ordinal);
        Assert.StartsWith("Nobody is in charge", gaps.SummaryHtml, StringComparison.Ordinal);
        Assert.All(feed.Posts, p => Assert.Equal(["Rich"], p.Authors));
    }

    [Fact]
    public void David_bookmarks_rdf_splits_dc_subject_into_tags()
    {
        var feed = Parse("david-bookmarks.rdf", "https://bookmarks.example.net/rss/u:davidw");

        Assert.Equal(FeedFormat.Rss10, feed.Format);
        Assert.Equal(
            [["bigsociety", "localism", "cuts"], ["bigsociety", "whitehall"], ["big-society", "government", "research"], ["networkweaving", "knowledgegardening"]],
            feed.Posts.Select(p => p.Tags));
        var rich = feed.Posts[0];
        Assert.Equal("Big Society \u2013 falling through the gaps?", rich.Title);
        Assert.Equal("http://rich.example.org/2010/10/18/big-society-falling-through-the-gaps?utm_source=twitterfeed&utm_medium=twitter#comments", rich.Link);
        Assert.Equal(new DateTimeOffset(2010, 10, 19, 10, 3, 0, TimeSpan.Zero), rich.Published);
        Assert.Equal(["davidw"], rich.Authors);
        Assert.Equal(new DateTimeOffset(2010, 10, 22, 9, 15, 0, TimeSpan.Zero), feed.Posts[2].Published);
    }

    [Fact]
    public void Volorg_v1_parses_despite_eacute_and_latin1_pound()
    {
        var feed = Parse("volorg-news.v1.rss.xml", "https://volorg.example.org.uk/news/rss", "text/xml");

        Assert.Equal(4, feed.Posts.Count);
        var councils = feed.Posts[0];
        Assert.Equal("Councils warn of \"cuts cascade\" to community groups", councils.Title);
        Assert.Equal("https://volorg.example.org.uk/news/councils-warn-of-cuts-cascade?ref=rss", councils.Link);
        Assert.Equal(new DateTimeOffset(2010, 10, 22, 14, 20, 0, TimeSpan.Zero), councils.Published);
        Assert.Equal(["News desk"], councils.Authors);
        Assert.Equal(["Big society", "Funding"], councils.Tags);
        // Given as published: cleaning is another component's job, and the CDATA's own entity stays as written.
        Assert.Contains("<script>", councils.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("&middot;", councils.ContentHtml, StringComparison.Ordinal);

        var cafe = feed.Posts[1];
        Assert.Equal("Café owners set up a lunch club for older neighbours", cafe.Title);
        Assert.Contains("£200", cafe.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("A café in Leeds", cafe.ContentHtml, StringComparison.Ordinal);
        Assert.Equal(["big   society", "Community"], cafe.Tags);

        Assert.Null(feed.Posts[2].Published);
        var bank = feed.Posts[3];
        Assert.Equal("Big Society Bank: what we know so far", bank.Title);
        Assert.Equal(new DateTimeOffset(2010, 10, 20, 11, 30, 0, TimeSpan.Zero), bank.Published);
        Assert.Contains(feed.Warnings, w => w.Contains("&eacute;", StringComparison.Ordinal));
    }

    [Fact]
    public void Volorg_v2_has_the_new_item_and_the_updated_text()
    {
        var feed = Parse("volorg-news.v2.rss.xml", "https://volorg.example.org.uk/news/rss");

        Assert.Equal("Big Society Network names first community organisers", feed.Posts[0].Title);
        Assert.Equal(new DateTimeOffset(2010, 10, 24, 18, 45, 0, TimeSpan.Zero), feed.Posts[0].Published);
        Assert.StartsWith("<p>Updated: small charities in three regions", feed.Posts[1].ContentHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(feed.Posts, p => p.Title!.StartsWith("Café", StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_feed_keeps_the_complete_item_and_warns()
    {
        var feed = Parse("broken-truncated.rss.xml", "https://halfway.example.org/feed");

        var post = Assert.Single(feed.Posts);
        Assert.Equal("Complete item before the cut", post.Title);
        Assert.Equal("https://halfway.example.org/2010/10/complete", post.Link);
        Assert.Equal(new DateTimeOffset(2010, 10, 19, 10, 0, 0, TimeSpan.Zero), post.Published);
        Assert.Equal(["Big Society"], post.Tags);
        var warning = Assert.Single(feed.Warnings);
        Assert.Equal("The feed was cut short: kept the 1 complete item before the break", warning);
    }

    [Fact]
    public void Billion_laughs_and_external_entity_feed_is_refused_without_expansion()
    {
        var error = Assert.Throws<FeedParseException>(() => Parse("xxe-billion-laughs.rss.xml", "https://hostile.example.org/feed"));

        Assert.Equal("The feed declares its own XML entities (a DTD); Clipping refuses such feeds for safety", error.Message);
        Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lol", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.Null(error.HtmlTitle);
    }

    [Fact]
    public void Rss091_with_netscape_doctype_parses_with_no_dates()
    {
        var feed = Parse("wilcox-tag-big-society.rss.xml", "https://wilcox.example.net/tag/big-society/feed/");

        Assert.Equal(FeedFormat.Rss091, feed.Format);
        Assert.Equal("Social Reporter - Big Society", feed.Title);
        Assert.Equal(2, feed.Posts.Count);
        Assert.All(feed.Posts, p => Assert.Null(p.Published));
        Assert.All(feed.Posts, p => Assert.Empty(p.Tags));
        Assert.Equal("Who makes sense of Big Society? A joint clipping blog", feed.Posts[0].Title);
        Assert.Equal("https://wilcox.example.net/2010/10/24/a-joint-clipping-blog/", feed.Posts[0].Link);
        // The description is escaped HTML: decoded once, into markup.
        Assert.StartsWith("<p>Volunteer and community voices", feed.Posts[0].ContentHtml, StringComparison.Ordinal);
        Assert.Empty(feed.Warnings);
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData(null)]
    public void Html_page_is_not_a_feed_and_names_its_title(string? contentType)
    {
        var error = Assert.Throws<FeedParseException>(() => Parse("not-a-feed.html", "https://down.example.org/feed", contentType));

        Assert.Equal("503 Service Unavailable", error.HtmlTitle);
        Assert.Equal("This is an HTML page ('503 Service Unavailable'), not a feed", error.Message);
    }

    [Fact]
    public void Home_page_is_not_a_feed()
    {
        var error = Assert.Throws<FeedParseException>(() => Parse("wilcox-home.html", "https://wilcox.example.net/"));

        Assert.Equal("Social Reporter \u2013 David Wilcox", error.HtmlTitle);
    }
}
