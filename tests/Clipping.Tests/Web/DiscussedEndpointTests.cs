using System.Net;
using System.Text;
using System.Xml.Linq;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Web;

/// <summary>/discussed and its feeds, served from a site that refreshed real feeds.</summary>
public sealed class DiscussedEndpointTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>A blog's feed: each post tagged for the topic, dated <paramref name="ago"/> before the site's clock, linking where it says.</summary>
    private static byte[] Blog(string host, DateTimeOffset now, params (string Slug, TimeSpan Ago, string[] Links)[] posts) => Encoding.UTF8.GetBytes(
        $"<rss version=\"2.0\"><channel><title>{host}</title><link>https://{host}/</link>" +
        string.Concat(posts.Select(p => $"<item><title>{host} on {p.Slug}</title><link>https://{host}/{p.Slug}</link><guid>{p.Slug}</guid>" +
            $"<pubDate>{(now - p.Ago).ToString("r", System.Globalization.CultureInfo.InvariantCulture)}</pubDate><category>Big Society</category>" +
            $"<description>{WebUtility.HtmlEncode(string.Concat(p.Links.Select(l => $"<p>See <a href=\"{l}\">this</a>.</p>")) + "<p>Text.</p>")}</description></item>")) +
        "</channel></rss>");

    private static async Task AddAsync(SiteUnderTest site, FeedServer server, string path, string name)
    {
        var url = server.UrlOf(path).AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), name, $"https://{name.ToLowerInvariant()}.example/", url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
    }

    private static async Task RefreshAsync(SiteUnderTest site) =>
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

    [Fact]
    public async Task The_page_and_its_feeds_show_what_several_contributors_discuss_and_a_feed_item_grows_as_they_join()
    {
        await using var server = await FeedServer.StartAsync();
        await using var site = await SiteUnderTest.StartAsync();
        var now = site.Clock.GetUtcNow();
        const string report = "https://outside.example/reports/volunteering";
        server.Serve("/rich", Blog("rich.example", now, ("gaps", TimeSpan.FromDays(2), [report])), "application/rss+xml", validators: false);
        server.Serve("/phil", Blog("phil.example", now, ("chaos", TimeSpan.FromDays(1), [report, "https://rich.example/gaps"])), "application/rss+xml", validators: false);
        server.Serve("/sam", Blog("sam.example", now, ("old", TimeSpan.FromDays(20), [report])), "application/rss+xml", validators: false);
        await AddAsync(site, server, "/rich", "Rich");
        await AddAsync(site, server, "/phil", "Phil");
        await AddAsync(site, server, "/sam", "Sam");
        await RefreshAsync(site);

        var page = await site.Http.GetStringAsync("/discussed");
        Assert.Contains("<h2>What is being discussed</h2>", page);
        // The outside article two contributors link to, and Rich's post that Phil answered.
        Assert.Contains(">outside.example/reports/volunteering</a>", page);
        Assert.Matches("<h3>\\s*<a href=\"https://rich.example/gaps\"[^>]*>rich.example on gaps</a>\\s*</h3>", page);
        Assert.Contains("An article on outside.example", page);
        Assert.Contains("A post by Rich", page);
        Assert.DoesNotContain("sam.example on old", page); // twenty days ago: outside the week
        var discovery = page[page.IndexOf("<link rel=\"alternate\"", StringComparison.Ordinal)..page.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.True(discovery.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Big Society clippings: what is being discussed (Atom)\" href=\"/discussed/atom.xml\">", StringComparison.Ordinal), discovery);

        var month = await site.Http.GetStringAsync("/discussed?days=30");
        Assert.Contains("sam.example on old", month);
        Assert.Contains("discussed by 3 contributors", month);

        var atom = XDocument.Parse(await site.Http.GetStringAsync("/discussed/atom.xml"));
        var entries = atom.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var reportEntry = entries.Single(e => e.Element(Atom + "link")?.Attribute("href")?.Value == report);
        Assert.StartsWith("tag:127.0.0.1,2010:big-society/discussed/", reportEntry.Element(Atom + "id")!.Value);
        Assert.Equal(["Rich", "Phil"], reportEntry.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        var updatedBefore = reportEntry.Element(Atom + "updated")!.Value;
        Assert.Equal(updatedBefore, reportEntry.Element(Atom + "published")!.Value); // the second contributor joined: it became an item then

        // A third contributor joins the discussion: the item is updated, under the same id.
        site.Clock.Advance(TimeSpan.FromHours(3));
        server.Serve("/sam", Blog("sam.example", now, ("new", TimeSpan.Zero - TimeSpan.FromHours(1), [report]), ("old", TimeSpan.FromDays(20), [report])), "application/rss+xml", validators: false);
        await RefreshAsync(site);
        var after = XDocument.Parse(await site.Http.GetStringAsync("/discussed/atom.xml")).Root!.Elements(Atom + "entry")
            .Single(e => e.Element(Atom + "id")!.Value == reportEntry.Element(Atom + "id")!.Value);
        Assert.Equal(["Rich", "Phil", "Sam"], after.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        Assert.True(DateTimeOffset.Parse(after.Element(Atom + "updated")!.Value) > DateTimeOffset.Parse(updatedBefore));
        Assert.Equal(reportEntry.Element(Atom + "published")!.Value, after.Element(Atom + "published")!.Value);

        Assert.Equal("Big Society clippings: what is being discussed", (await Json(site, "/discussed/feed.json")).GetProperty("title").GetString());
        Assert.Contains("<guid isPermaLink=\"false\">tag:127.0.0.1,2010:big-society/discussed/", await site.Http.GetStringAsync("/discussed/rss.xml"));
    }

    [Theory]
    [InlineData("/discussed?days=8")]
    [InlineData("/discussed?days=week")]
    [InlineData("/discussed/atom.xml?days=-7")]
    public async Task A_window_other_than_a_week_a_month_or_a_year_is_refused_with_what_to_ask_for(string path)
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var response = await site.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("days must be one of 7, 30, 365", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_window_says_so_and_pages_and_feeds_are_served_from_cache_with_their_etag()
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var page = await site.Http.GetAsync("/topics/big-society/discussed?days=365");
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/topics/no-such-topic/discussed")).StatusCode);
        using var first = await site.Http.GetAsync("/discussed");
        Assert.Contains("Nothing has been discussed by more than one contributor this week. Try a longer window.", await first.Content.ReadAsStringAsync());
        foreach (var path in new[] { "/discussed", "/discussed/atom.xml", "/discussed/feed.json?days=30" })
        {
            using var fresh = await site.Http.GetAsync(path);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(fresh.Headers.ETag!);
            using var notModified = await site.Http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/discussed/feed.txt")).StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> Json(SiteUnderTest site, string path) =>
        System.Text.Json.JsonDocument.Parse(await site.Http.GetStringAsync(path)).RootElement.Clone();
}
