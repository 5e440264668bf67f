using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Clipping.Tests.EndToEnd;
using Clipping.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Clipping.Tests.WebSub;

/// <summary>
/// WebSub publishing: with a hub configured, every combined feed names it (in the document and in a Link header), and
/// a refresh that changed what readers see tells the hub which feeds changed.
/// </summary>
public sealed class PublishingTests
{
    private const string BaseUrl = "https://clipping.example/";

    [Fact]
    public async Task Feeds_name_the_hub_and_a_refresh_that_changed_them_tells_it()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        var pings = new ConcurrentQueue<IFormCollection>();
        server.Serve("/hub", async context =>
        {
            pings.Enqueue(await context.Request.ReadFormAsync());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        var hub = server.UrlOf("/hub").AbsoluteUri;
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Clipping:WebSub:Hub"] = hub,
            ["Clipping:Site:BaseUrl"] = BaseUrl,
        });
        await blogs.RegisterAllAsync(site);

        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();
        var ping = Assert.Single(pings);
        Assert.Equal("publish", ping["hub.mode"].ToString());
        var urls = ping["hub.url"].Select(u => u!).ToList();
        Assert.Contains(BaseUrl + "rss.xml", urls);
        Assert.Contains(BaseUrl + "atom.xml", urls);
        Assert.Contains(BaseUrl + "feed.json", urls);
        var rich = (await FixtureStory.ContributorsAsync(site.Admin))[FixtureBlogs.Rich].GetProperty("id").GetString();
        Assert.Contains($"{BaseUrl}contributors/{rich}/atom.xml", urls);
        // Feeds that failed or had nothing new are not named.
        var down = (await FixtureStory.ContributorsAsync(site.Admin))[FixtureBlogs.Down].GetProperty("id").GetString();
        Assert.DoesNotContain(urls, u => u.Contains(down!, StringComparison.Ordinal));

        // Discovery: in every format, and in a Link header.
        var atom = XDocument.Parse(await site.Http.GetStringAsync("atom.xml"));
        var links = atom.Root!.Elements(XName.Get("link", "http://www.w3.org/2005/Atom")).ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal(hub, links["hub"]);
        Assert.Equal(BaseUrl + "atom.xml", links["self"]);
        var rss = XDocument.Parse(await site.Http.GetStringAsync($"contributors/{rich}/rss.xml"));
        Assert.Contains(rss.Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")), l => (string?)l.Attribute("rel") == "hub" && (string?)l.Attribute("href") == hub);
        var json = JsonDocument.Parse(await site.Http.GetStringAsync("feed.json")).RootElement;
        Assert.Equal(hub, json.GetProperty("hubs")[0].GetProperty("url").GetString());
        Assert.Equal("WebSub", json.GetProperty("hubs")[0].GetProperty("type").GetString());
        using var headed = await site.Http.GetAsync($"contributors/{rich}/rss.xml?utm_source=x");
        Assert.Equal($"<{hub}>; rel=\"hub\", <{BaseUrl}contributors/{rich}/rss.xml>; rel=\"self\"", Assert.Single(headed.Headers.GetValues("Link")));
        // Feeds the hub is not told about do not name it: their subscribers poll.
        using var tag = await site.Http.GetAsync("tags/localism/rss.xml");
        Assert.False(tag.Headers.Contains("Link"));
        Assert.DoesNotContain("rel=\"hub\"", await tag.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing changed: the hub is left alone.
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();
        Assert.Single(pings);
    }

    [Fact]
    public async Task Without_a_hub_feeds_name_none_and_a_hub_without_the_site_s_address_stops_start_up()
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var rss = await site.Http.GetAsync("rss.xml");
        Assert.DoesNotContain("rel=\"hub\"", await rss.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(rss.Headers.Contains("Link"));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:WebSub:Hub"] = "https://hub.example/" }));
        Assert.Equal("Clipping:WebSub:Hub needs Clipping:Site:BaseUrl: the hub knows the feeds by their public address.", refused.Message);
    }
}
