using System.Text;
using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>JSON Feed 1.0 and 1.1 read into the same model as XML feeds.</summary>
public class JsonFeedTests
{
    private static ParsedFeed Json(string json, string? contentType = "application/feed+json") =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(json), contentType, new Uri("https://j.example.org/feed.json"));

    [Fact]
    public void Reads_json_feed_1_1()
    {
        var feed = Json("""
            {
              "version": "https://jsonfeed.org/version/1.1",
              "title": "J &amp; K",
              "home_page_url": "https://j.example.org/",
              "authors": [{ "name": "Feed Author" }],
              "items": [
                {
                  "id": "https://j.example.org/1",
                  "url": "/posts/1",
                  "title": "First",
                  "content_html": "<p>Hi &amp; bye</p>",
                  "summary": "A <summary>",
                  "image": "/img/1.png",
                  "date_published": "2010-10-25T21:40:00+01:00",
                  "date_modified": "2010-10-26T08:00:00Z",
                  "tags": ["Big Society", " localism ", "Big Society", ""],
                  "authors": [{ "name": "Ann" }, { "name": "Bob" }]
                },
                { "id": 2, "content_text": "plain <text>", "external_url": "https://elsewhere.example.com/a" }
              ]
            }
            """);

        Assert.Equal(FeedFormat.JsonFeed, feed.Format);
        Assert.Equal("J & K", feed.Title);
        Assert.Equal("https://j.example.org/", feed.Link);
        var first = feed.Posts[0];
        Assert.Equal("https://j.example.org/1", first.Id);
        Assert.Equal("https://j.example.org/posts/1", first.Link);
        Assert.Equal("First", first.Title);
        Assert.Equal("<p>Hi &amp; bye</p>", first.ContentHtml);
        Assert.Equal("A &lt;summary&gt;", first.SummaryHtml);
        Assert.Equal("https://j.example.org/img/1.png", first.ImageUrl);
        Assert.Equal(new DateTimeOffset(2010, 10, 25, 20, 40, 0, TimeSpan.Zero), first.Published);
        Assert.Equal(new DateTimeOffset(2010, 10, 26, 8, 0, 0, TimeSpan.Zero), first.Updated);
        Assert.Equal(["Big Society", "localism"], first.Tags);
        Assert.Equal(["Ann", "Bob"], first.Authors);

        var second = feed.Posts[1];
        Assert.Equal("2", second.Id);
        Assert.Equal("https://elsewhere.example.com/a", second.Link);
        Assert.Equal("plain &lt;text&gt;", second.ContentHtml);
        Assert.Equal(["Feed Author"], second.Authors);
        Assert.Null(second.Published);
    }

    [Fact]
    public void Reads_json_feed_1_0_author_object()
    {
        var feed = Json("""
            {"version":"https://jsonfeed.org/version/1","title":"T","author":{"name":"Old Style"},
             "items":[{"id":"a","url":"https://j.example.org/a","author":{"name":"Item Author"}},{"id":"b"}]}
            """, contentType: "application/json");

        Assert.Equal(["Item Author"], feed.Posts[0].Authors);
        Assert.Equal(["Old Style"], feed.Posts[1].Authors);
        Assert.Null(feed.Posts[1].Link);
    }

    [Fact]
    public void Json_body_is_recognised_without_a_json_content_type()
    {
        var feed = Json("""  {"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"https://j.example.org/x"}]}""", contentType: "text/plain");

        Assert.Equal("https://j.example.org/x", Assert.Single(feed.Posts).Link);
    }

    [Fact]
    public void Json_that_is_not_a_json_feed_is_refused()
    {
        var error = Assert.Throws<FeedParseException>(() => Json("""{"status":"ok","data":[]}""", contentType: "application/json"));

        Assert.Contains("not a JSON Feed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_refused_with_a_reason()
    {
        var error = Assert.Throws<FeedParseException>(() => Json("""{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"""));

        Assert.StartsWith("The feed is broken JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_body_labelled_as_json_is_read_as_xml()
    {
        var feed = Json("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>", contentType: "application/json");

        Assert.Equal(FeedFormat.Rss20, feed.Format);
    }

    [Fact]
    public void Posts_are_capped()
    {
        var items = string.Join(",", Enumerable.Range(1, 4).Select(i => $$"""{"id":"{{i}}"}"""));
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes($$"""{"version":"https://jsonfeed.org/version/1.1","items":[{{items}}]}"""), null, null, maxPosts: 2);

        Assert.Equal(["1", "2"], feed.Posts.Select(p => p.Id));
        Assert.Single(feed.Warnings);
    }

    [Fact]
    public void Bare_version_number_beside_items_is_taken_as_a_json_feed()
    {
        var feed = Json("""{"version":"1.1","items":[{"id":"x","content_text":"hi"}]}""", contentType: null);

        Assert.Equal("hi", Assert.Single(feed.Posts).ContentHtml);
    }
}
