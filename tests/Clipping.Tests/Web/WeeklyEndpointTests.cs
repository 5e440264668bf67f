using System.Net;
using System.Text;
using System.Xml.Linq;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Web;

/// <summary>/weekly, a week's page and the weekly feeds, on a site in Auckland time (UTC+13 in November).</summary>
public sealed class WeeklyEndpointTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static byte[] Blog(string host, params (string Slug, string Published, string? Link)[] posts) => Encoding.UTF8.GetBytes(
        $"<rss version=\"2.0\"><channel><title>{host}</title><link>https://{host}/</link>" +
        string.Concat(posts.Select(p => $"<item><title>{host} {p.Slug}</title><link>https://{host}/{p.Slug}</link><guid>{p.Slug}</guid>" +
            $"<pubDate>{DateTimeOffset.Parse(p.Published, System.Globalization.CultureInfo.InvariantCulture).ToString("r", System.Globalization.CultureInfo.InvariantCulture)}</pubDate><category>Big Society</category>" +
            $"<description>{WebUtility.HtmlEncode(p.Link is null ? "<p>Text.</p>" : $"<p>See <a href=\"{p.Link}\">this</a>.</p>")}</description></item>")) +
        "</channel></rss>");

    [Fact]
    public async Task Weeks_are_iso_weeks_in_the_sites_zone_and_the_feeds_carry_each_finished_week_once()
    {
        await using var server = await FeedServer.StartAsync();
        // The clock stands at Sunday 22 November 2026, 12:00 UTC: Monday 23 November, 01:00 in Auckland, so week 48 has begun there.
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Site:TimeZone"] = "Pacific/Auckland" });
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), site.Clock.GetUtcNow());
        server.Serve("/rich", Blog("rich.example",
            ("monday", "2026-11-15T12:00:00Z", null),          // Monday 16 November, 01:00 in Auckland: week 47 (week 46 in UTC)
            ("now", "2026-11-22T11:30:00Z", null)), "application/rss+xml", validators: false); // Monday 23 November, 00:30: week 48
        server.Serve("/phil", Blog("phil.example", ("answer", "2026-11-18T09:00:00Z", "https://rich.example/monday")), "application/rss+xml", validators: false);
        server.Serve("/sam", Blog("sam.example", ("saturday", "2026-11-14T09:00:00Z", null)), "application/rss+xml", validators: false); // Saturday 14 November, 22:00: week 46
        foreach (var (path, name) in new[] { ("/rich", "Rich"), ("/phil", "Phil"), ("/sam", "Sam") })
        {
            var url = server.UrlOf(path).AbsoluteUri;
            await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), name, null, url,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        }
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

        var weeks = await site.Http.GetStringAsync("/weekly");
        Assert.Contains(">Week 48, 2026</a> · 23 – 29 November 2026 · 1 post</li>", weeks);
        Assert.Contains(">Week 47, 2026</a> · 16 – 22 November 2026 · 2 posts</li>", weeks);
        Assert.Contains(">Week 46, 2026</a> · 9 – 15 November 2026 · 1 post</li>", weeks);

        var week47 = await site.Http.GetStringAsync("/weekly/2026-W47");
        Assert.Contains("<h2>Week 47, 2026</h2>", week47);
        Assert.Contains("2 posts from 2 contributors; 1 discussion; 0 new contributors.", week47);
        Assert.Contains("rich.example monday", week47);
        Assert.Contains("phil.example answer", week47);
        Assert.DoesNotContain("sam.example saturday", week47);
        Assert.Contains("Monday 16 November 2026", week47); // grouped by the day in Auckland
        Assert.Matches("Most discussed</h3>\\s*<ol>\\s*<li>\\s*<a href=\"https://rich.example/monday\"[^>]*>rich.example monday</a>\\s*· Rich, Phil", week47);
        Assert.Contains("rel=\"next\">Week 48, 2026 →</a>", week47);

        var week48 = await site.Http.GetStringAsync("/weekly/2026-W48");
        Assert.Contains("1 post from 1 contributor; 0 discussions; 3 new contributors.", week48);
        Assert.Contains("Joined this week", week48);
        Assert.DoesNotContain("rel=\"next\"", week48); // week 49 has not begun

        // One item per finished week, newest first: week 48 is still going, so it is not in the feed yet.
        var atom = XDocument.Parse(await site.Http.GetStringAsync("/weekly/atom.xml"));
        var entries = atom.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(["Week 47, 2026: 2 posts from 2 contributors", "Week 46, 2026: 1 post from 1 contributor"], entries.Select(e => e.Element(Atom + "title")!.Value));
        Assert.Equal("tag:127.0.0.1,2010:big-society/weekly/2026-W47", entries[0].Element(Atom + "id")!.Value);
        Assert.Equal("2026-11-22T11:00:00Z", entries[0].Element(Atom + "updated")!.Value); // Monday 00:00 in Auckland
        Assert.EndsWith("/weekly/2026-W47", entries[0].Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Contains("rich.example monday</a> by Rich", entries[0].Element(Atom + "content")!.Value);
        Assert.Contains("<guid isPermaLink=\"false\">tag:127.0.0.1,2010:big-society/weekly/2026-W46</guid>", await site.Http.GetStringAsync("/weekly/rss.xml"));
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(await site.Http.GetStringAsync("/weekly/feed.json")).RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/weekly/2026-W54")]
    [InlineData("/weekly/2026-49")]
    [InlineData("/weekly/feed.txt")]
    [InlineData("/topics/nothing/weekly")]
    public async Task A_week_that_cannot_be_is_not_found_with_how_weeks_are_written(string path)
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var response = await site.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains("2026-W49", StringComparison.Ordinal) || body.Contains("There is no topic", StringComparison.Ordinal), body);
    }

    [Fact]
    public async Task An_empty_week_and_an_empty_site_say_so()
    {
        await using var site = await SiteUnderTest.StartAsync();
        Assert.Contains("Nothing has been clipped yet.", await site.Http.GetStringAsync("/weekly"));
        Assert.Contains("Nothing was clipped in Week 1, 2020.", await site.Http.GetStringAsync("/weekly/2020-W01"));
        Assert.Empty(XDocument.Parse(await site.Http.GetStringAsync("/weekly/atom.xml")).Root!.Elements(Atom + "entry"));
    }
}
