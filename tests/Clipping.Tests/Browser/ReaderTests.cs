using System.Text.RegularExpressions;
using Clipping.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clipping.Tests.Browser;

/// <summary>A reader in Chromium: pages back, opens a contributor, a tag, a search and a month, and finds the feeds.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReaderTests(TestSupport.Browser browser, ITestOutputHelper output)
{
    private static ILocator Articles(IPage page) => page.Locator("article.clipping");

    private static ILocator ArticleTitled(IPage page, string title) => Articles(page).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title }) });

    [Fact]
    public async Task A_reader_pages_back_opens_each_view_and_finds_its_feeds()
    {
        await using var reader = await ReaderSite.StartAsync();
        var page = await browser.OpenAsync(reader.BaseUrl);

        await page.GotoAsync("/");
        await Expect(page).ToHaveTitleAsync("Big Society clippings");
        await Expect(page.Locator(".intro")).ToContainTextAsync("10 posts tagged “Big Society” by 8 contributors.");
        await Expect(Articles(page)).ToHaveCountAsync(4);
        await Expect(page.Locator(".page-number")).ToHaveCountAsync(0);

        // Paging back: page 2 says so, in its title too; page 3 holds the last two and offers no older page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Page 2 · Big Society clippings");
        await Expect(page.Locator(".page-number")).ToHaveTextAsync("Page 2");
        await Expect(Articles(page)).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Page 3 · Big Society clippings");
        await Expect(Articles(page)).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" })).ToHaveCountAsync(0);
        // Paragraph breaks kept; the date in London time (07:30 UTC is 08:30 BST); the bookmark names the site it points at.
        var gaps = ArticleTitled(page, "Big Society – falling through the gaps?");
        await Expect(gaps.Locator("time")).ToHaveTextAsync("08:30");
        await Expect(gaps.Locator("time")).ToHaveAttributeAsync("datetime", "2010-10-18T07:30:52Z");
        // A bookmark of someone else's post names the site it points at.
        await page.GoBackAsync();
        await Expect(ArticleTitled(page, "The role of the centre in a Big Society").Locator(".via")).ToHaveTextAsync("via ifg.example.org");
        await Expect(ArticleTitled(page, "Big Society equals organised chaos?").Locator(".via")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "← Newest" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Big Society clippings");

        // A contributor's view, from the credit on one of their posts.
        var police = ArticleTitled(page, "Elected police chiefs: plurality or anarchy?");
        await Expect(police.Locator(".excerpt")).ToHaveCountAsync(2);
        await Expect(police.Locator(".excerpt").Nth(1)).ToHaveTextAsync("See my earlier post.");
        await police.GetByRole(AriaRole.Link, new() { Name = "Phil" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Posts by Phil" })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Posts by Phil · Big Society clippings");
        await Expect(Articles(page)).ToHaveCountAsync(2);
        var contributorPath = new Uri(page.Url).AbsolutePath;
        Assert.Matches("^/contributors/[0-9a-f]{12}$", contributorPath);
        await Expect(page.Locator("link[rel=alternate][type='application/rss+xml']")).ToHaveAttributeAsync("href", contributorPath + "/rss.xml");
        await Expect(page.Locator("aside.subscribe")).ToContainTextAsync("Big Society clippings: Phil");

        // The conversation: Phil's police post answers his earlier post, which answers Rich's.
        var chaos = ArticleTitled(page, "Big Society equals organised chaos?");
        await Expect(ArticleTitled(page, "Elected police chiefs: plurality or anarchy?").Locator(".conversation"))
            .ToHaveTextAsync("In reply to Phil’s Big Society equals organised chaos?");
        await Expect(chaos.Locator(".conversation li")).ToHaveTextAsync(["In reply to Rich’s Big Society – falling through the gaps?", "Discussed by Phil"]);
        // Following the reply to the original leaves for Rich's blog (answered here by the browser, not the network).
        await page.Context.RouteAsync("https://rich.example.org/**", route => route.FulfillAsync(new() { Body = "<title>Rich's post</title>", ContentType = "text/html" }));
        await chaos.Locator(".conversation").GetByRole(AriaRole.Link, new() { Name = "Big Society – falling through the gaps?" }).ClickAsync();
        await Expect(page).ToHaveURLAsync("https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/");
        await page.GoBackAsync();
        // The original, on the last page, says who discussed it (and it links to a post of Social Reporter's in turn).
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" }).ClickAsync();
        await Expect(ArticleTitled(page, "Big Society – falling through the gaps?").Locator(".conversation li"))
            .ToHaveTextAsync(["In reply to Social Reporter’s No plan for the Big Society - and that is the plan", "Discussed by Phil"]);
        await page.GotoAsync(contributorPath);

        // A tag, from a tag on a clipping.
        await ArticleTitled(page, "Big Society equals organised chaos?").GetByRole(AriaRole.Link, new() { Name = "localism", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tagged “localism”" })).ToBeVisibleAsync();
        Assert.EndsWith("/tags/localism", page.Url, StringComparison.Ordinal);
        await Expect(Articles(page).GetByRole(AriaRole.Heading))
            .ToHaveTextAsync(["Big Society equals organised chaos?", "Big Society – falling through the gaps?"]);

        // A search, from the site's navigation.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Site" }).GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await page.GetByLabel("Search titles, summaries and tags").FillAsync("Organised CHAOS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Posts matching “Organised CHAOS”" })).ToBeVisibleAsync();
        await Expect(Articles(page)).ToHaveCountAsync(1);
        await Expect(ArticleTitled(page, "Big Society equals organised chaos?")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Search titles, summaries and tags")).ToHaveValueAsync("Organised CHAOS");
        await Expect(page.Locator("link[rel=alternate][type='application/atom+xml']")).ToHaveAttributeAsync("href", "/search/atom.xml?q=Organised%20CHAOS");

        // The archive: every month with clippings, then one month, paged like the rest.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Site" }).GetByRole(AriaRole.Link, new() { Name = "Archive" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Archive" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["November 2026", "October 2010"]);
        await page.GetByRole(AriaRole.Link, new() { Name = "October 2010" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "October 2010", Level = 2 })).ToBeVisibleAsync();
        Assert.EndsWith("/archive/2010/10", page.Url, StringComparison.Ordinal);
        await Expect(Articles(page)).ToHaveCountAsync(4);
        await Expect(page.Locator(".months a[aria-current=page]")).ToHaveTextAsync("October 2010");

        // The subscribe block's RSS link opens as something to read, not a download.
        var rss = page.Locator("aside.subscribe").GetByRole(AriaRole.Link, new() { Name = "RSS" });
        await Expect(rss).ToHaveAttributeAsync("href", "/archive/2010/10/rss.xml");
        var response = await page.GotoAsync("/rss.xml");
        Assert.NotNull(response);
        Assert.StartsWith("text/xml", response.Headers["content-type"], StringComparison.Ordinal);
        await Expect(page.Locator("body")).ToContainTextAsync("Elected police chiefs: plurality or anarchy?");

        // An address with nothing at it is a real 404 page in the site's frame.
        var missing = await page.GotoAsync("/contributors/nobody");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("There is no contributor 'nobody' on this site.");
        Assert.Equal(404, (await page.GotoAsync("/no/such/page"))!.Status);
        await Expect(page.Locator("main")).ToContainTextAsync("There is nothing at /no/such/page on this site.");
    }

    [Fact]
    public async Task With_JavaScript_off_a_reader_still_searches_and_pages()
    {
        await using var reader = await ReaderSite.StartAsync();
        var page = await browser.OpenAsync(reader.BaseUrl, javaScript: false);
        await page.GotoAsync("/search");
        await Expect(page.Locator(".empty")).ToContainTextAsync("Type a word or two");
        await page.GetByLabel("Search titles, summaries and tags").FillAsync("big society");
        await page.GetByLabel("Search titles, summaries and tags").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/search\\?q=big\\+society$"));
        await Expect(Articles(page)).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older posts →" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Page 2 · Posts matching “big society” · Big Society clippings");
        await Expect(Articles(page)).Not.ToHaveCountAsync(0);
        await page.GetByLabel("Search titles, summaries and tags").FillAsync("zzzz nothing");
        await page.GetByLabel("Search titles, summaries and tags").PressAsync("Enter");
        await Expect(page.Locator(".empty")).ToContainTextAsync("No post matches every word of “zzzz nothing”.");
    }

    [Fact]
    public async Task Every_view_is_accessible_in_light_and_dark_and_is_photographed_at_phone_and_desktop_widths()
    {
        await using var reader = await ReaderSite.StartAsync();
        var contributor = await FirstContributorPathAsync(reader);
        var views = new (string Name, string Path)[]
        {
            ("page", "/"), ("page-2", "/?after=x&page=2"), ("contributor", contributor), ("tag", "/tags/localism"),
            ("search", "/search?q=big+society"), ("search-empty", "/search"), ("archive", "/archive"), ("month", "/archive/2010/10"),
            ("status", "/status"), ("not-found", "/no/such/page"),
        };
        foreach (var dark in new[] { false, true })
        {
            foreach (var (viewport, width) in new[] { (TestSupport.Browser.Phone, "phone"), (TestSupport.Browser.Desktop, "desktop") })
            {
                var page = await browser.OpenAsync(reader.BaseUrl, dark, viewport);
                foreach (var (name, path) in views)
                {
                    await page.GotoAsync(path);
                    await TestSupport.Browser.AssertAccessibleAsync(page, $"{name} ({(dark ? "dark" : "light")}, {width})");
                    if (name is "page" or "contributor" or "month" or "status")
                    {
                        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, $"{name}-{width}-{(dark ? "dark" : "light")}"));
                    }
                }
                // Nothing is wider than a phone's screen: no sideways scrolling.
                if (viewport == TestSupport.Browser.Phone)
                {
                    await page.GotoAsync("/status");
                    Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the status page scrolls sideways on a phone");
                }
                await page.Context.CloseAsync();
            }
        }
    }

    private async Task<string> FirstContributorPathAsync(ReaderSite reader)
    {
        var page = await browser.OpenAsync(reader.BaseUrl);
        await page.GotoAsync("/");
        var href = await page.Locator("section.contributors a").First.GetAttributeAsync("href");
        await page.Context.CloseAsync();
        return href!;
    }
}
