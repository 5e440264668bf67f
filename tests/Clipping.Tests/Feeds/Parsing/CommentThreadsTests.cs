using Clipping.Feeds.Parsing;
using Clipping.Tests.TestSupport;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>
/// What feeds say about the comments under a post, in each vocabulary blogs use, on the shapes WordPress, Blogger and
/// Atom threading write.
/// </summary>
public class CommentThreadsTests
{
    [Fact]
    public void WordPress_gives_the_comments_page_their_feed_and_slash_comments()
    {
        var feed = Xml("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
            <channel><title>Rich</title><link>https://rich.example.org</link>
            <item>
                <title>Falling through the gaps</title>
                <link>https://rich.example.org/2010/10/18/gaps/</link>
                <comments>https://rich.example.org/2010/10/18/gaps/#comments</comments>
                <wfw:commentRss>https://rich.example.org/2010/10/18/gaps/feed/</wfw:commentRss>
                <slash:comments>3</slash:comments>
            </item>
            <item>
                <title>No comments yet</title>
                <link>https://rich.example.org/2010/10/22/reading/</link>
                <comments>https://rich.example.org/2010/10/22/reading/#respond</comments>
                <slash:comments>0</slash:comments>
            </item>
            </channel></rss>
            """);

        Assert.Equal(new PostComments("https://rich.example.org/2010/10/18/gaps/#comments", "https://rich.example.org/2010/10/18/gaps/feed/", 3), feed.Posts[0].Comments);
        Assert.Equal(new PostComments("https://rich.example.org/2010/10/22/reading/#respond", null, 0), feed.Posts[1].Comments);
    }

    [Fact]
    public void Blogger_gives_a_replies_feed_link_and_thr_total()
    {
        var feed = Atom("""
            <entry xmlns:thr="http://purl.org/syndication/thread/1.0">
                <id>tag:blogger.com,1999:blog-7001.post-877</id><title type="text">Organised chaos?</title>
                <link rel="replies" type="application/atom+xml" href="https://phil.example.com/feeds/877/comments/default" title="Post Comments"/>
                <link rel="replies" type="text/html" href="https://phil.example.com/2010/10/chaos.html#comment-form" title="2 Comments"/>
                <link rel="alternate" type="text/html" href="https://phil.example.com/2010/10/chaos.html"/>
                <thr:total>2</thr:total>
            </entry>
            <entry xmlns:thr="http://purl.org/syndication/thread/1.0">
                <id>tag:blogger.com,1999:blog-7001.post-903</id><title>No HTML replies link</title>
                <link rel="replies" type="application/atom+xml" href="/feeds/903/comments/default"/>
                <link rel="alternate" type="text/html" href="https://phil.example.com/2010/10/police.html"/>
                <thr:total>0</thr:total>
            </entry>
            """, documentUrl: new Uri("https://phil.example.com/feeds/posts/default"));

        Assert.Equal(new PostComments("https://phil.example.com/2010/10/chaos.html#comment-form", "https://phil.example.com/feeds/877/comments/default", 2), feed.Posts[0].Comments);
        Assert.Equal("https://phil.example.com/2010/10/chaos.html", feed.Posts[0].Link); // the replies links are never the post's link
        Assert.Equal(new PostComments(null, "https://phil.example.com/feeds/903/comments/default", 0), feed.Posts[1].Comments);
    }

    [Fact]
    public void Atom_threading_counts_on_the_replies_link_when_there_is_no_total()
    {
        var post = AtomEntry("""
            <id>urn:1</id><title>T</title>
            <link href="https://site.example.org/post"/>
            <link rel="replies" xmlns:thr="http://purl.org/syndication/thread/1.0" thr:count="12" href="https://site.example.org/post/comments.atom" type="application/atom+xml"/>
            """);

        Assert.Equal(new PostComments(null, "https://site.example.org/post/comments.atom", 12), post.Comments);
    }

    [Fact]
    public void An_rss_feed_may_use_atom_threading_and_rss_1_0_uses_slash_too()
    {
        var rss = RssItem("""
            <title>T</title><link>https://site.example.org/p</link>
            <atom:link rel="replies" type="text/html" href="/p#comments" xmlns:thr="http://purl.org/syndication/thread/1.0" thr:count="4"/>
            """);
        var rdf = Assert.Single(Xml("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wfw="http://wellformedweb.org/CommentAPI/">
              <channel rdf:about="https://site.example.org/"><title>T</title><link>https://site.example.org/</link></channel>
              <item rdf:about="https://site.example.org/q"><title>Q</title><link>https://site.example.org/q</link>
                <slash:comments> 7 </slash:comments><wfw:commentRss>https://site.example.org/q/comments.rss</wfw:commentRss></item>
            </rdf:RDF>
            """).Posts);

        Assert.Equal(new PostComments("https://site.example.org/p#comments", null, 4), rss.Comments);
        Assert.Equal(new PostComments(null, "https://site.example.org/q/comments.rss", 7), rdf.Comments);
    }

    [Fact]
    public void Nothing_said_unreadable_counts_and_unsafe_addresses_leave_nothing()
    {
        Assert.Null(RssItem("<title>T</title><link>https://site.example.org/p</link>").Comments);
        var odd = RssItem("""
            <title>T</title><link>https://site.example.org/p</link>
            <comments>javascript:alert(1)</comments>
            <slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">lots</slash:comments>
            """);
        Assert.Null(odd.Comments);
        var negative = RssItem("""<title>T</title><slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">-2</slash:comments>""");
        Assert.Null(negative.Comments);
    }

    [Theory]
    [InlineData("rich-wordpress.rss.xml", "https://rich.example.org/feed/", "https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/", 3)]
    [InlineData("phil-blogger.atom.xml", "https://phil.example.com/feeds/posts/default", "https://phil.example.com/2010/10/big-society-equals-organised-chaos.html", 2)]
    public void The_fixture_blogs_counts_are_read(string file, string url, string link, int count)
    {
        var feed = FeedParser.Parse(Fixtures.Feed(file), null, new Uri(url));

        Assert.Equal(count, feed.Posts.Single(p => p.Link == link).Comments?.Count);
    }
}
