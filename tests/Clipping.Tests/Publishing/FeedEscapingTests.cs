using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using Clipping.Publishing;

namespace Clipping.Tests.Publishing;

/// <summary>Whatever a contributor's post contains, it reaches a reader as text, never as markup of ours.</summary>
public class FeedEscapingTests
{
    private const string HostileTitle = "</title><script>alert(1)</script> ]]> &amp; <![CDATA[x]]>";
    private const string HostileContent = "<p>ok</p>]]><script>alert(2)</script><![CDATA[ ]]>";

    private static FeedView HostileView() => FeedTestData.View(
        FeedTestData.Make("evil", "https://evil.example/post", HostileTitle, DateTimeOffset.UnixEpoch, ["</category><x>"],
            [FeedTestData.Source("evil", "</name><script>", "https://evil.example/")], contentHtml: HostileContent));

    public static TheoryData<string> XmlFormats => new() { "rss", "atom" };

    [Theory]
    [MemberData(nameof(XmlFormats))]
    public void Hostile_title_and_content_stay_text_in_xml(string format)
    {
        var bytes = FeedTestData.Write(format == "rss" ? RssFeedWriter.Write : AtomFeedWriter.Write, HostileView());
        var text = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<x>", text, StringComparison.Ordinal);

        using var reader = XmlReader.Create(new MemoryStream(bytes));
        var item = SyndicationFeed.Load(reader).Items.Single();
        Assert.Equal(HostileTitle, item.Title.Text);
        Assert.Equal("</category><x>", item.Categories.Single().Name);
        var html = format == "rss" ? item.Summary.Text : ((TextSyndicationContent)item.Content).Text;
        Assert.Equal(HostileContent, html);
    }

    [Fact]
    public void Hostile_title_and_content_stay_text_in_json()
    {
        var bytes = FeedTestData.Write(JsonFeedWriter.Write, HostileView());

        Assert.DoesNotContain("<script", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var item = JsonDocument.Parse(bytes).RootElement.GetProperty("items")[0];
        Assert.Equal(HostileTitle, item.GetProperty("title").GetString());
        Assert.Equal(HostileContent, item.GetProperty("content_html").GetString());
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_rather_than_failing_the_feed()
    {
        var clipping = FeedTestData.Make("ctl", "https://x.example/", "Bell\u0007 and lone \uD800 surrogate \U0001F600",
            DateTimeOffset.UnixEpoch, [], [FeedTestData.Source("a", "A\u0001", null)]);
        var view = FeedTestData.View(clipping);

        foreach (var writer in new Action<Stream, FeedView>[] { RssFeedWriter.Write, AtomFeedWriter.Write })
        {
            using var reader = XmlReader.Create(new MemoryStream(FeedTestData.Write(writer, view)));
            Assert.Equal("Bell and lone  surrogate \U0001F600", SyndicationFeed.Load(reader).Items.Single().Title.Text);
        }
        var json = JsonDocument.Parse(FeedTestData.Write(JsonFeedWriter.Write, view)).RootElement.GetProperty("items")[0];
        Assert.Equal("Bell and lone  surrogate \U0001F600", json.GetProperty("title").GetString());
    }

    [Fact]
    public void Links_that_are_not_absolute_http_urls_are_left_out()
    {
        var clipping = FeedTestData.Make("js", "javascript:alert(1)", "Bad link", DateTimeOffset.UnixEpoch, [],
            [FeedTestData.Source("a", "A", "not a url")], imageUrl: "/relative.png", contentHtml: "<p>Sanitised.</p>");

        foreach (var writer in new Action<Stream, FeedView>[] { RssFeedWriter.Write, AtomFeedWriter.Write, JsonFeedWriter.Write })
        {
            var text = Encoding.UTF8.GetString(FeedTestData.Write(writer, FeedTestData.View(clipping)));
            Assert.DoesNotContain("javascript:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not a url", text, StringComparison.Ordinal);
            Assert.DoesNotContain("relative.png", text, StringComparison.Ordinal);
        }
    }
}
