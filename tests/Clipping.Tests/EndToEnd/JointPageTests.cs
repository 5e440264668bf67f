using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using AngleSharp.Html.Parser;
using Clipping.Refresh;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// The story of ../shared/fixtures/README.md, told through the HTTP endpoints: the blogs are registered, three refreshes
/// run, and the page and both feeds show exactly the clippings the README expects.
/// </summary>
public sealed class JointPageTests
{
    private static readonly string[] FirstRunTitles =
    [
        "Who makes sense of Big Society? A joint clipping blog",
        "No plan for the Big Society - and that is the plan",
        "Elected police chiefs: plurality or anarchy?",
        "Councils warn of \"cuts cascade\" to community groups",
        "The role of the centre in a Big Society",
        "Café owners set up a lunch club for older neighbours",
        "Big Society equals organised chaos?",
        "Complete item before the cut",
        "Big Society \u2013 falling through the gaps?",
    ];

    private static readonly string[] FirstRunLinks =
    [
        "https://wilcox.example.net/2010/10/24/a-joint-clipping-blog/",
        "https://wilcox.example.net/2010/10/15/no-plan-for-big-society/",
        "https://phil.example.com/2010/10/elected-police-chiefs-plurality-or.html",
        "https://volorg.example.org.uk/news/councils-warn-of-cuts-cascade?ref=rss",
        "https://ifg.example.org/publications/the-role-of-the-centre",
        "https://volorg.example.org.uk/news/cafe-lunch-club",
        "https://phil.example.com/2010/10/big-society-equals-organised-chaos.html",
        "https://halfway.example.org/2010/10/complete",
        "https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/",
    ];

    private static readonly string[][] FirstRunCredits =
    [
        [FixtureBlogs.SocialReporter],
        [FixtureBlogs.SocialReporter],
        [FixtureBlogs.Phil],
        [FixtureBlogs.VolOrg],
        [FixtureBlogs.David],
        [FixtureBlogs.VolOrg],
        [FixtureBlogs.Phil, FixtureBlogs.David],
        [FixtureBlogs.HalfAFeed],
        [FixtureBlogs.Rich, FixtureBlogs.David],
    ];

    private static readonly DateTimeOffset?[] FirstRunPublished =
    [
        null, null,
        Utc(2010, 10, 25, 20, 40), Utc(2010, 10, 22, 14, 20), Utc(2010, 10, 22, 9, 15), Utc(2010, 10, 21, 9, 0),
        Utc(2010, 10, 20, 11, 15), Utc(2010, 10, 19, 10, 0), Utc(2010, 10, 18, 7, 30),
    ];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task Three_refreshes_of_the_fixture_blogs_give_the_expected_page_and_feeds(string store)
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
        await blogs.RegisterAllAsync(site);
        var firstSeen = site.Clock.GetUtcNow();

        // First refresh: 9 clippings.
        var first = await RefreshAsync(site);
        Assert.Equal(8, first.GetProperty("feedsPolled").GetInt32());
        Assert.Equal(2, first.GetProperty("feedsFailed").GetInt32());

        var rss = await LoadFeedAsync(site, "rss.xml");
        var atom = await LoadFeedAsync(site, "atom.xml");
        foreach (var feed in new[] { rss, atom })
        {
            Assert.Equal(FirstRunTitles, feed.Items.Select(i => i.Title.Text));
            Assert.Equal(FirstRunLinks, feed.Items.Select(LinkOf));
        }
        for (var i = 0; i < FirstRunCredits.Length; i++)
        {
            Assert.Equal(FirstRunCredits[i], atom.Items.ElementAt(i).Authors.Select(a => a.Name));
            Assert.Equal(FirstRunCredits[i], CreditsInRss(rss.Items.ElementAt(i)));
            // The README gives minutes; the feeds give seconds too (Rich's post is 07:30:52).
            var published = FirstRunPublished[i] ?? firstSeen;
            Assert.InRange(rss.Items.ElementAt(i).PublishDate, published.AddSeconds(-1), published.AddMinutes(1));
        }

        var page = await PageAsync(site);
        Assert.Equal(FirstRunTitles, page.Select(a => a.Title));
        Assert.Equal(FirstRunLinks, page.Select(a => a.Link));
        Assert.Equal(FirstRunCredits.Select(c => string.Join(", ", c)), page.Select(a => string.Join(", ", a.Credits)));

        // Decoded text and clean, absolute HTML.
        var cafe = ContentOf(rss, "Café owners");
        Assert.Contains("£200", cafe);
        Assert.Contains("café in Leeds", page[5].Excerpt);
        var councils = ContentOf(rss, "Councils warn");
        Assert.Contains("https://volorg.example.org.uk/img/cuts.png", councils);
        Assert.Contains("https://volorg.example.org.uk/news/funding-faq", councils);
        var gaps = ContentOf(rss, "falling through the gaps");
        Assert.Contains("https://rich.example.org/files/2010/10/gaps.jpg", gaps);
        Assert.Contains("href=\"https://phil.example.com/2010/10/big-society-equals-organised-chaos.html\"", ContentOf(rss, "Elected police chiefs"));
        Assert.Contains("https://phil.example.com/images/chaos.png", ContentOf(rss, "organised chaos"));
        foreach (var item in rss.Items)
        {
            var html = ((TextSyndicationContent)item.Summary).Text;
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("comments/default", LinkOf(item));
        }

        // Failures recorded against the right feeds, with reasons a person understands.
        var contributors = await ContributorsAsync(site);
        Assert.Contains("503", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString());
        Assert.Contains("entit", contributors[FixtureBlogs.Hostile].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        foreach (var healthy in new[] { FixtureBlogs.Rich, FixtureBlogs.Phil, FixtureBlogs.David, FixtureBlogs.VolOrg, FixtureBlogs.SocialReporter, FixtureBlogs.HalfAFeed })
        {
            Assert.Equal(JsonValueKind.Null, contributors[healthy].GetProperty("lastError").ValueKind);
        }
        var status = await site.Http.GetStringAsync("status");
        Assert.Contains("cut short", status);
        Assert.Contains("503", status);

        // Second refresh, a quarter of an hour later, with the sector news site's new feed.
        blogs.UseVolOrg(2);
        server.ClearLog();
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = await RefreshAsync(site);
        Assert.Equal(1, second.GetProperty("clippingsNew").GetInt32());
        Assert.Equal(1, second.GetProperty("clippingsUpdated").GetInt32());

        page = await PageAsync(site);
        Assert.Equal(10, page.Count);
        Assert.Equal("Big Society Network names first community organisers", page[3].Title);
        var updated = page.Single(a => a.Title.StartsWith("Councils warn", StringComparison.Ordinal));
        Assert.StartsWith("Updated: small charities in three regions", updated.Excerpt, StringComparison.Ordinal);
        Assert.Contains(page, a => a.Title.StartsWith("Café owners", StringComparison.Ordinal));
        rss = await LoadFeedAsync(site, "rss.xml");
        Assert.Equal(10, rss.Items.Count());
        Assert.Single(rss.Items, i => i.Title.Text.StartsWith("Councils warn", StringComparison.Ordinal));

        // Unchanged feeds were asked conditionally and answered 304.
        Assert.Equal([304], server.StatusesFor("/rich/feed/"));
        Assert.Equal([304], server.StatusesFor("/phil/feeds/posts/default"));
        Assert.Equal([304], server.StatusesFor("/bookmarks/davidw.rdf"));
        Assert.Equal([200], server.StatusesFor("/volorg/news.rss"));
        contributors = await ContributorsAsync(site);
        Assert.Contains("not a feed", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("503 Service Unavailable", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString());

        // Third refresh, nothing changed: still 10, none updated.
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        var third = await RefreshAsync(site);
        Assert.Equal(0, third.GetProperty("clippingsNew").GetInt32());
        Assert.Equal(0, third.GetProperty("clippingsUpdated").GetInt32());
        Assert.Equal(0, third.GetProperty("clippingsMerged").GetInt32());
        Assert.Equal(10, (await PageAsync(site)).Count);

        // Nothing of the hostile feed's external entity leaked anywhere a reader can see.
        foreach (var path in new[] { "", "rss.xml", "atom.xml", "feed.json", "status" })
        {
            var text = await site.Http.GetStringAsync(path);
            Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("lollol", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sqlite", 5)]
    [InlineData("tables", 10)]
    public async Task Two_refreshes_at_the_same_time_give_the_same_clippings_as_one(string store, int attempts)
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            blogs.UseVolOrg(1);
            await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
            await blogs.RegisterAllAsync(site);
            var runner = site.Services.GetRequiredService<RefreshRunner>();
            var cache = site.Services.GetRequiredService<Clipping.Publishing.RenderCache>();

            // Two runners side by side, bypassing the in-process guard, as two hosts sharing one store would.
            await Task.WhenAll(runner.RunAsync(CancellationToken.None), runner.RunAsync(CancellationToken.None));
            cache.Invalidate();
            var first = await LoadFeedAsync(site, "rss.xml");
            Assert.Equal(FirstRunLinks, first.Items.Select(LinkOf));
            Assert.Equal([FixtureBlogs.Rich, FixtureBlogs.David], CreditsInRss(first.Items.Last()));

            blogs.UseVolOrg(2);
            site.Clock.Advance(TimeSpan.FromMinutes(16));
            await Task.WhenAll(runner.RunAsync(CancellationToken.None), runner.RunAsync(CancellationToken.None));
            cache.Invalidate();
            var second = (await LoadFeedAsync(site, "rss.xml")).Items.Select(LinkOf).ToList();
            Assert.Equal(10, second.Count);
            Assert.Equal(second.Distinct().Count(), second.Count);
            Assert.Equal(FirstRunLinks, second.Where(l => !l.Contains("first-community-organisers", StringComparison.Ordinal)));
        }
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static async Task<JsonElement> RefreshAsync(SiteUnderTest site)
    {
        using var response = await site.Admin.PostAsync("admin/refresh", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<Dictionary<string, JsonElement>> ContributorsAsync(SiteUnderTest site)
    {
        var json = JsonDocument.Parse(await site.Admin.GetStringAsync("admin/contributors")).RootElement.Clone();
        return json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
    }

    private static async Task<SyndicationFeed> LoadFeedAsync(SiteUnderTest site, string path)
    {
        await using var stream = await site.Http.GetStreamAsync(path);
        using var reader = XmlReader.Create(stream);
        return SyndicationFeed.Load(reader);
    }

    private static string LinkOf(SyndicationItem item) =>
        item.Links.First(l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri;

    private static IEnumerable<string> CreditsInRss(SyndicationItem item) =>
        item.ElementExtensions.Where(e => e.OuterName == "creator").Select(e => e.GetObject<string>());

    private static string ContentOf(SyndicationFeed feed, string titleStart)
    {
        var item = feed.Items.Single(i => i.Title.Text.Contains(titleStart, StringComparison.Ordinal));
        return ((TextSyndicationContent)item.Summary).Text;
    }

    private sealed record PageArticle(string Title, string Link, IReadOnlyList<string> Credits, string Excerpt);

    private static async Task<List<PageArticle>> PageAsync(SiteUnderTest site)
    {
        var document = new HtmlParser().ParseDocument(await site.Http.GetStringAsync(""));
        return document.QuerySelectorAll("article.clipping").Select(article =>
        {
            var anchor = article.QuerySelector("h4 a")!;
            return new PageArticle(
                anchor.TextContent.Trim(),
                anchor.GetAttribute("href")!,
                article.QuerySelectorAll(".credit").Select(c => c.TextContent.Trim()).ToList(),
                article.QuerySelector(".excerpt")?.TextContent.Trim() ?? "");
        }).ToList();
    }
}
