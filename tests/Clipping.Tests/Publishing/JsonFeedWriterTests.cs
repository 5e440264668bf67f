using System.Text.Json;
using Clipping.Publishing;

namespace Clipping.Tests.Publishing;

public class JsonFeedWriterTests
{
    private static JsonElement Root(FeedView view) =>
        JsonDocument.Parse(FeedTestData.Write(JsonFeedWriter.Write, view)).RootElement;

    [Fact]
    public void Feed_fields_read_back()
    {
        var view = FeedTestData.View();
        var root = Root(view);

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("Clipping: Big Society", root.GetProperty("title").GetString());
        Assert.Equal(view.PageUrl.AbsoluteUri, root.GetProperty("home_page_url").GetString());
        Assert.Equal(view.SelfUrl.AbsoluteUri, root.GetProperty("feed_url").GetString());
        Assert.Equal("Posts about the Big Society", root.GetProperty("description").GetString());
        Assert.Equal("en-GB", root.GetProperty("language").GetString());
    }

    [Fact]
    public void Items_read_back_in_order_with_their_fields()
    {
        var view = FeedTestData.View();
        var items = Root(view).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(view.Items.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var clipping = view.Items[i];
            var item = items[i];
            Assert.Equal(FeedEntryId.For(view.Site, clipping), item.GetProperty("id").GetString());
            Assert.Equal(clipping.Link, item.GetProperty("url").GetString());
            Assert.Equal(clipping.Title, item.GetProperty("title").GetString());
            Assert.Equal(clipping.ContentHtml, item.GetProperty("content_html").GetString());
            Assert.Equal(clipping.ExcerptText, item.GetProperty("summary").GetString());
            Assert.Equal(clipping.Published, item.GetProperty("date_published").GetDateTimeOffset());
            Assert.Equal(clipping == FeedTestData.Newest ? FeedTestData.NewestPostUpdated : clipping.Published, item.GetProperty("date_modified").GetDateTimeOffset());
            Assert.Equal(clipping.Tags, item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        Assert.Equal(FeedTestData.TrickyTitle, items[1].GetProperty("title").GetString());
        Assert.Equal(FeedTestData.WithImage.ImageUrl, items[2].GetProperty("image").GetString());
        Assert.False(items[0].TryGetProperty("image", out _));
    }

    [Fact]
    public void Every_contributor_is_an_author_in_order()
    {
        var first = Root(FeedTestData.View()).GetProperty("items")[0];

        var authors = first.GetProperty("authors").EnumerateArray().ToList();
        Assert.Equal(["Alice Archer", "Bob Baker"], authors.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("https://alice.example/", authors[0].GetProperty("url").GetString());
        Assert.False(authors[1].TryGetProperty("url", out _));
    }

    [Fact]
    public void An_item_without_content_still_has_content_text()
    {
        var empty = FeedTestData.Make("k9", null, "Bare", DateTimeOffset.UnixEpoch, [], [], contentHtml: "") with { ExcerptText = "" };
        var item = Root(FeedTestData.View(empty)).GetProperty("items")[0];

        Assert.Equal("", item.GetProperty("content_text").GetString());
        Assert.False(item.TryGetProperty("url", out _));
        Assert.False(item.TryGetProperty("tags", out _));
    }
}
