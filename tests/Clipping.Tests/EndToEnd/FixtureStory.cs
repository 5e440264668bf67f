using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using AngleSharp.Html.Parser;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// What ../shared/fixtures/README.md says a reader sees after each refresh of the fixture blogs, checked over HTTP
/// against any host serving the site: the self-host and the Functions host are held to the same story.
/// </summary>
public static class FixtureStory
{
    public static readonly string[] FirstRunTitles =
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

    public static readonly string[] FirstRunLinks =
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

    public static readonly string[][] FirstRunCredits =
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

    public const string SecondRunNewTitle = "Big Society Network names first community organisers";

    /// <summary>The page and both XML feeds after the first refresh; undated posts were first seen between the two times.</summary>
    public static async Task AssertFirstRunAsync(HttpClient site, DateTimeOffset firstSeenFrom, DateTimeOffset firstSeenTo)
    {
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
            var (from, to) = FirstRunPublished[i] is { } published ? (published, published) : (firstSeenFrom, firstSeenTo);
            Assert.InRange(rss.Items.ElementAt(i).PublishDate, from.AddSeconds(-1), to.AddMinutes(1));
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

        var json = JsonDocument.Parse(await site.GetStringAsync("feed.json")).RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", json.GetProperty("version").GetString());
        Assert.Equal(FirstRunLinks, json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()));
    }

    /// <summary>Failures recorded against the right feeds, with reasons a person understands, as the moderation API lists them.</summary>
    public static async Task AssertFirstRunFailuresAsync(HttpClient site, HttpClient manage)
    {
        var contributors = await ContributorsAsync(manage);
        Assert.Contains("503", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString());
        Assert.Contains("entit", contributors[FixtureBlogs.Hostile].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        foreach (var healthy in new[] { FixtureBlogs.Rich, FixtureBlogs.Phil, FixtureBlogs.David, FixtureBlogs.VolOrg, FixtureBlogs.SocialReporter, FixtureBlogs.HalfAFeed })
        {
            Assert.Equal(JsonValueKind.Null, contributors[healthy].GetProperty("lastError").ValueKind);
        }
        var status = await site.GetStringAsync("status");
        Assert.Contains("cut short", status);
        Assert.Contains("503", status);
    }

    /// <summary>After the second refresh (the sector news site's v2 feed): ten clippings, one updated in place.</summary>
    public static async Task AssertSecondRunAsync(HttpClient site)
    {
        var page = await PageAsync(site);
        Assert.Equal(10, page.Count);
        Assert.Equal(SecondRunNewTitle, page[3].Title);
        var updated = page.Single(a => a.Title.StartsWith("Councils warn", StringComparison.Ordinal));
        Assert.StartsWith("Updated: small charities in three regions", updated.Excerpt, StringComparison.Ordinal);
        Assert.Contains(page, a => a.Title.StartsWith("Café owners", StringComparison.Ordinal));
        var rss = await LoadFeedAsync(site, "rss.xml");
        Assert.Equal(10, rss.Items.Count());
        Assert.Single(rss.Items, i => i.Title.Text.StartsWith("Councils warn", StringComparison.Ordinal));
    }

    /// <summary>Nothing of the hostile feed's external entity leaked anywhere a reader can see.</summary>
    public static async Task AssertNothingLeakedAsync(HttpClient site)
    {
        foreach (var path in new[] { "", "rss.xml", "atom.xml", "feed.json", "status" })
        {
            var text = await site.GetStringAsync(path);
            Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("lollol", text, StringComparison.Ordinal);
        }
    }

    public static async Task<Dictionary<string, JsonElement>> ContributorsAsync(HttpClient manage)
    {
        var json = JsonDocument.Parse(await manage.GetStringAsync("manage/contributors")).RootElement.Clone();
        return json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
    }

    public static async Task<SyndicationFeed> LoadFeedAsync(HttpClient site, string path)
    {
        await using var stream = await site.GetStreamAsync(path);
        using var reader = XmlReader.Create(stream);
        return SyndicationFeed.Load(reader);
    }

    public static string LinkOf(SyndicationItem item) =>
        item.Links.First(l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri;

    public static IEnumerable<string> CreditsInRss(SyndicationItem item) =>
        item.ElementExtensions.Where(e => e.OuterName == "creator").Select(e => e.GetObject<string>());

    private static string ContentOf(SyndicationFeed feed, string titleStart)
    {
        var item = feed.Items.Single(i => i.Title.Text.Contains(titleStart, StringComparison.Ordinal));
        return ((TextSyndicationContent)item.Summary).Text;
    }

    public sealed record PageArticle(string Title, string Link, IReadOnlyList<string> Credits, string Excerpt);

    public static async Task<List<PageArticle>> PageAsync(HttpClient site)
    {
        var document = new HtmlParser().ParseDocument(await site.GetStringAsync(""));
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

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
