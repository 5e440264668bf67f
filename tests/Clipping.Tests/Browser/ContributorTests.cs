using System.Net;
using System.Text;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clipping.Tests.Browser;

/// <summary>
/// A contributor in Chromium: registers from what they would type, sees which feed was found and which posts would be
/// clipped and why, picks another feed, meets each error, is told what happens next, leaves through their private link,
/// and gets a new link by putting a code in their feed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContributorTests(TestSupport.Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_contributor_registers_sees_the_preview_leaves_and_claims_a_new_link()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/rich/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml; charset=UTF-8");
        server.Serve("/wilcox/", Encoding.UTF8.GetBytes("""
            <!DOCTYPE html><html><head><title>Social Reporter</title>
            <link rel="alternate" type="application/rss+xml" title="Social Reporter" href="/feed/">
            <link rel="alternate" type="application/rss+xml" title="Social Reporter comments" href="/comments/feed/">
            <link rel="alternate" type="application/rss+xml" title="Social Reporter: Big Society" href="/wilcox/tag/big-society/feed/">
            </head><body></body></html>
            """), "text/html; charset=UTF-8");
        server.Serve("/wilcox/tag/big-society/feed/", Fixtures.Feed("wilcox-tag-big-society.rss.xml"), "text/xml");
        server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync();
        // What a contributor types: a host name (here on loopback) with no scheme; the site tries https, then http.
        site.Hosts.Add("rich.example.org", IPAddress.Loopback);
        var port = server.UrlOf("/").Port;
        var page = await browser.OpenAsync(site.Http.BaseAddress!);
        var shots = new List<string>();

        // Step 1: an address that is no address is refused, kept, and marked; focus is on the message.
        await page.GotoAsync("/register");
        await TestSupport.Browser.AssertAccessibleAsync(page, "registration, step 1");
        await page.GetByLabel("Your blog’s address (or its feed’s)").FillAsync("my blog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'my blog' is not a web address");
        await Expect(page.GetByLabel("Your blog’s address (or its feed’s)")).ToHaveValueAsync("my blog");
        await Expect(page.GetByLabel("Your blog’s address (or its feed’s)")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("form-error", await page.EvaluateAsync<string>("document.activeElement.id"));
        await TestSupport.Browser.AssertAccessibleAsync(page, "registration, an error");

        // Step 2: the feed found, and each post with whether it would be clipped and why.
        await page.GetByLabel("Your blog’s address (or its feed’s)").FillAsync($"rich.example.org:{port}/rich/feed/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "We found your feed" })).ToBeVisibleAsync();
        await Expect(page.Locator(".found code")).ToHaveTextAsync($"http://rich.example.org:{port}/rich/feed/");
        var posts = page.Locator(".preview li");
        await Expect(posts).ToHaveCountAsync(3);
        await Expect(posts.Filter(new() { HasText = "Big Society – falling through the gaps?" }).Locator(".verdict")).ToHaveTextAsync("tagged “Big Society”: matches.");
        await Expect(posts.Filter(new() { HasText = "Weekend reading" }).Locator(".verdict")).ToContainTextAsync("does not match; tag the post “Big Society” and it will be clipped.");
        await TestSupport.Browser.AssertAccessibleAsync(page, "registration, the preview");


        // No name: the preview stays, the name field is marked.
        // (The browser would ask for the name itself; a browser that does not, or a script, reaches the server's check.)
        await page.EvaluateAsync("document.getElementById('name').removeAttribute('required')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please give a name");
        await Expect(page.GetByLabel("Your name or your blog’s, as readers should see it")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".preview li")).ToHaveCountAsync(3);

        // Step 3: registered, waiting for approval, with what happens next and the private leave link.
        await page.GetByLabel("Your name or your blog’s, as readers should see it").FillAsync("Rich");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is registered and is waiting for approval");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What happens next" })).ToBeVisibleAsync();
        var leaveUrl = await page.Locator(".leave-link a").GetAttributeAsync("href");
        Assert.NotNull(leaveUrl);
        await TestSupport.Browser.AssertAccessibleAsync(page, "registration, done");
        shots.Add(await TestSupport.Browser.ScreenshotAsync(page, "register-done-desktop-light"));
        var store = site.Services.GetRequiredService<IClippingStore>();
        var rich = Assert.Single(await store.GetContributorsAsync(CancellationToken.None));
        Assert.Equal(("Rich", ContributorStatus.Pending), (rich.Name, rich.Status));

        // The same feed again, from someone else: nobody's name or status is shown; its owner can ask for a new link.
        await page.GotoAsync("/register");
        await page.GetByLabel("Your blog’s address (or its feed’s)").FillAsync($"http://rich.example.org:{port}/rich/feed/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This feed is registered here already.");
        Assert.DoesNotContain("Rich", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("pending", await page.Locator("main").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for a new private link" }).ClickAsync();
        var code = await page.Locator(".claim-code").InnerTextAsync();
        Assert.Matches("^clipping-[0-9a-f]{16}$", code);
        // Not in the feed yet: said so.
        await page.GetByRole(AriaRole.Button, new() { Name = "The code is in my feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"The code {code} is not in your feed yet.");
        // Someone else asks for a code of their own; once the owner's code is in the feed, neither theirs nor the owner's
        // code (which anyone can now read in the feed) without the owner's secret wins them the feed.
        var strangerPage = await site.Http.PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["step"] = "claim-code", ["url"] = $"http://rich.example.org:{port}/rich/feed/",
        }));
        Assert.Contains("clipping-", await strangerPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The owner puts it in a post; now the feed is theirs, and the new link replaces the old.
        var withCode = Encoding.UTF8.GetString(Fixtures.Feed("rich-wordpress.rss.xml")).Replace("</description>", $" {code}</description>", StringComparison.Ordinal);
        server.Serve("/rich/feed/", Encoding.UTF8.GetBytes(withCode), "application/rss+xml; charset=UTF-8");
        using (var stolen = await site.Http.PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["step"] = "claim", ["url"] = $"http://rich.example.org:{port}/rich/feed/", ["code"] = code, ["secret"] = "guessed",
               })))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, stolen.StatusCode);
            Assert.Contains("was not given for this feed", await stolen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "The code is in my feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The code is in your feed: it is yours.");
        var newLeaveUrl = await page.Locator(".leave-link a").GetAttributeAsync("href");
        Assert.NotEqual(leaveUrl, newLeaveUrl);
        Assert.Equal(404, (await page.GotoAsync(leaveUrl!))!.Status);

        // Leaving: confirm, and the feed is off the site.
        await page.GotoAsync(newLeaveUrl!);
        await TestSupport.Browser.AssertAccessibleAsync(page, "leaving");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take my feed off this site" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rich’s feed is no longer read here.");
        // Never approved, the registration is withdrawn (rejected): it never gets a page of its own.
        Assert.Equal(ContributorStatus.Rejected, (await store.GetContributorAsync(rich.Id, CancellationToken.None))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"/contributors/{rich.Id}"))!.Status);

        // A blog offering several feeds: the one for the topic first, the others to pick instead (never comments).
        await page.GotoAsync("/register");
        await page.GetByLabel("Your blog’s address (or its feed’s)").FillAsync(server.UrlOf("/wilcox/").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my feed" }).ClickAsync();
        await Expect(page.Locator(".found > p code")).ToHaveTextAsync(server.UrlOf("/wilcox/tag/big-society/feed/").AbsoluteUri);
        var alternatives = page.Locator(".alternatives li");
        await Expect(alternatives.Filter(new() { HasText = "comments" })).ToHaveCountAsync(0);
        var other = alternatives.Filter(new() { HasText = server.UrlOf("/feed/").AbsoluteUri });
        await other.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator(".found > p code")).ToHaveTextAsync(server.UrlOf("/feed/").AbsoluteUri);
        await Expect(page.Locator(".preview li")).ToHaveCountAsync(3);

        // Each step of the form, light and dark, phone and desktop.
        foreach (var dark in new[] { false, true })
        {
            foreach (var (viewport, width) in new[] { (TestSupport.Browser.Phone, "phone"), (TestSupport.Browser.Desktop, "desktop") })
            {
                var step = await browser.OpenAsync(site.Http.BaseAddress!, dark, viewport);
                var look = $"{width}-{(dark ? "dark" : "light")}";
                await step.GotoAsync("/register");
                await TestSupport.Browser.AssertAccessibleAsync(step, $"registration, step 1 ({look})");
                shots.Add(await TestSupport.Browser.ScreenshotAsync(step, $"register-{look}"));
                await step.GetByLabel("Your blog’s address (or its feed’s)").FillAsync(server.UrlOf("/feed/").AbsoluteUri);
                await step.GetByRole(AriaRole.Button, new() { Name = "Find my feed" }).ClickAsync();
                await Expect(step.Locator(".preview li")).ToHaveCountAsync(3);
                await TestSupport.Browser.AssertAccessibleAsync(step, $"registration, the preview ({look})");
                shots.Add(await TestSupport.Browser.ScreenshotAsync(step, $"register-preview-{look}"));
                await step.Context.CloseAsync();
            }
        }
        foreach (var shot in shots) output.WriteLine("screenshot: " + shot);
    }
}
