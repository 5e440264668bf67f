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
            ("status", "/status"), ("discussed", "/discussed?days=365"), ("discussed-empty", "/discussed"), ("weekly", "/weekly"), ("week", "/weekly/2010-W42"), ("not-found", "/no/such/page"),
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
                    if (name is "page" or "contributor" or "month" or "status" or "discussed" or "week")
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

    [Fact]
    public async Task A_reader_opens_what_is_discussed_follows_it_to_the_clippings_and_sees_the_comments_on_the_originals()
    {
        await using var reader = await ReaderSite.StartAsync();
        // The fixture blogs wrote in 2010; a blog joining now answers Rich's post from then, and so makes it discussed.
        var now = reader.Site.Clock.GetUtcNow();
        reader.Server.Serve("/sam/feed", System.Text.Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><title>Sam</title><link>https://sam.example/</link><item><title>Still falling through the gaps</title>" +
            $"<link>https://sam.example/gaps-again</link><pubDate>{now.AddDays(-1).ToString("r", System.Globalization.CultureInfo.InvariantCulture)}</pubDate><category>Big Society</category>" +
            "<description>&lt;p&gt;&lt;a href=\"https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/\"&gt;Rich warned&lt;/a&gt; years ago.&lt;/p&gt;</description></item></channel></rss>"),
            "application/rss+xml", validators: false);
        await reader.AddContributorAsync("Sam", "/sam/feed", "https://sam.example/");
        var page = await browser.OpenAsync(reader.BaseUrl);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Site" }).GetByRole(AriaRole.Link, new() { Name = "Discussed" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("What is being discussed · Big Society clippings");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Window" }).GetByRole(AriaRole.Link, new() { Name = "Year" }).ClickAsync();
        Assert.EndsWith("/discussed?days=365", page.Url);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Window" }).Locator("[aria-current=page]")).ToHaveTextAsync("Year");

        // Sam answered the post Rich wrote and David bookmarked: a discussion of three, begun when Rich wrote. Phil answered
        // it too, but in 2010: outside the year.
        var gaps = page.Locator("li.discussion").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Big Society – falling through the gaps?" }) });
        await Expect(gaps.Locator(".meta")).ToContainTextAsync("A post by Rich and David Wilcox (bookmarks), discussed by 3 contributors since 18 October 2010");
        await Expect(gaps.GetByRole(AriaRole.List, new() { Name = "Who discussed it" }).Locator("li")).ToHaveCountAsync(3);
        await Expect(gaps.GetByRole(AriaRole.List, new() { Name = "Who discussed it" }).Locator("li").Nth(2)).ToContainTextAsync("Sam: Still falling through the gaps");
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "discussed-year"));

        // To the clippings: the contributor's page shows how many comments each original has on its own blog.
        await gaps.GetByRole(AriaRole.Link, new() { Name = "Rich", Exact = true }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Posts by Rich · Big Society clippings");
        var original = ArticleTitled(page, "Big Society – falling through the gaps?");
        await Expect(original.Locator(".comments a")).ToHaveTextAsync("3 comments on the original");
        await Expect(original.Locator(".comments a")).ToHaveAttributeAsync("href", "https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/#comments");
        await page.GotoAsync("/");
        await page.Locator("section.contributors").GetByRole(AriaRole.Link, new() { Name = "Phil", Exact = true }).ClickAsync();
        // Blogger gives a count and a comments feed, no page for them: the link goes to the post itself.
        var chaos = ArticleTitled(page, "Big Society equals organised chaos?");
        await Expect(chaos.Locator(".comments a")).ToHaveTextAsync("2 comments on the original");
        await Expect(chaos.Locator(".comments a")).ToHaveAttributeAsync("href", "https://phil.example.com/2010/10/big-society-equals-organised-chaos.html");
    }

    [Fact]
    public async Task The_archive_charts_posts_per_month_a_week_has_its_page_and_an_empty_chart_is_not_drawn()
    {
        await using var reader = await ReaderSite.StartAsync();
        var page = await browser.OpenAsync(reader.BaseUrl);

        await page.GotoAsync("/archive");
        var chart = page.Locator("figure.month-chart");
        await Expect(chart.Locator("figcaption")).ToHaveTextAsync("Posts per month");
        // Every month from the first post to this one: eight in October 2010, and the two undated posts in the month they
        // were first seen. Each bar is titled; the months below open them.
        await Expect(chart.Locator("svg")).ToHaveAttributeAsync("aria-label", new Regex("^Posts per month: 10 posts from October 2010 to November 2026; the most, 8, in October 2010\\.$"));
        await Expect(chart.Locator("rect.bar title")).ToHaveTextAsync(["October 2010: 8 posts", "November 2026: 2 posts"]);
        await chart.Locator("summary").ClickAsync();
        await Expect(chart.GetByRole(AriaRole.Row).Nth(1)).ToHaveTextAsync("November 20262");
        await Expect(chart.GetByRole(AriaRole.Row).Nth(2)).ToHaveTextAsync("October 20108");
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "archive-chart"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Archive" }).GetByRole(AriaRole.Link, new() { Name = "October 2010" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("October 2010 · Big Society clippings");

        // The week in one place: from the list of weeks to the week Rich wrote about falling through the gaps.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Site" }).GetByRole(AriaRole.Link, new() { Name = "Weekly" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Week by week · Big Society clippings");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Weeks" }).GetByRole(AriaRole.Link, new() { Name = "Week 42, 2010" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Week 42, 2010 · Big Society clippings");
        await Expect(page.Locator(".intro")).ToContainTextAsync("18 – 24 October 2010");
        await Expect(ArticleTitled(page, "Big Society – falling through the gaps?")).ToHaveCountAsync(1);
        // David's post of the week before, which others answered that week, leads what it discussed.
        await Expect(page.Locator("section.week-discussed li").First).ToContainTextAsync("No plan for the Big Society - and that is the plan · David Wilcox (bookmarks), Rich, Social Reporter");
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "week"));

        // A contributor's last two years: the fixture blogs wrote in 2010, so Rich's chart is empty and not drawn.
        await page.GotoAsync("/");
        await page.Locator("section.contributors").GetByRole(AriaRole.Link, new() { Name = "Rich", Exact = true }).ClickAsync();
        await Expect(page.Locator("figure.month-chart")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_status_page_draws_each_feeds_last_runs_and_its_headings_keep_their_words_whole_on_a_desktop()
    {
        await using var reader = await ReaderSite.StartAsync();
        var page = await browser.OpenAsync(reader.BaseUrl, viewport: TestSupport.Browser.Desktop);
        await page.GotoAsync("/status");

        // Two refreshes so far: every polled feed has a strip of two cells, each titled with its run.
        var strips = page.Locator("svg.run-strip");
        Assert.True(await strips.CountAsync() >= 8);
        var first = page.Locator("tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Rich", Exact = true }) }).Locator("svg.run-strip");
        await Expect(first).ToHaveAttributeAsync("role", "img");
        await Expect(first).ToHaveAttributeAsync("aria-label", new Regex("^Last 2 runs: .+; the latest (fetched|not modified)\\.$"));
        Assert.Equal(2, await first.Locator("title").CountAsync());
        Assert.Matches("^\\d{1,2} [A-Z][a-z]{2} \\d\\d:\\d\\d: (fetched|not modified)$", await first.Locator("title").First.TextContentAsync());
        var failing = page.Locator("tr.failing svg.run-strip").First;
        await Expect(failing.Locator(".run-failed").First).ToBeAttachedAsync();

        // No heading is broken inside a word: each word of each header stays on one line.
        var broken = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('th')].flatMap(th => {
                const text = th.firstChild;
                if (!text || text.nodeType !== Node.TEXT_NODE) return [];
                const out = [];
                let at = 0;
                for (const word of text.textContent.split(' ')) {
                    const range = document.createRange();
                    range.setStart(text, at);
                    range.setEnd(text, at + word.length);
                    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (lines.size > 1) out.push(word);
                    at += word.length + 1;
                }
                return out;
            })
            """);
        Assert.Empty(broken);
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "status-strip-desktop"));
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
