using System.Net.Http.Json;
using System.Xml.Linq;
using Clipping.Tests.EndToEnd;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clipping.Tests.Browser;

/// <summary>An operator in Chromium: signs in, approves, removes, refreshes one feed, follows new registrations, signs out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorTests(TestSupport.Browser browser, ITestOutputHelper output)
{
    private static ILocator Group(IPage page, string heading) =>
        page.Locator("section.moderation").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = heading }) });

    [Fact]
    public async Task The_operator_sees_when_the_last_backup_was_taken_and_whether_it_verified()
    {
        using var backups = new TempDirectory();
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Backup:Directory"] = backups.Path });
        var page = await browser.OpenAsync(site.Http.BaseAddress!);
        await page.GotoAsync("/manage");
        await page.GetByLabel("Admin key").FillAsync(SiteUnderTest.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#last-backup")).ToContainTextAsync("No backup has been taken yet");

        var backup = await site.Services.GetRequiredService<Clipping.Storage.Backups.DirectoryBackups>().TakeAsync(CancellationToken.None);
        await page.ReloadAsync();

        Assert.True(backup.Verified, backup.Summary);
        await Expect(page.Locator("#last-backup")).ToContainTextAsync($"Last backup: {site.Clock.GetUtcNow():d MMM yyyy HH:mm}, verified (0 clippings, 0 contributors)");
        await Expect(page.Locator("#last-backup")).ToContainTextAsync(backup.Where);
        await TestSupport.Browser.AssertAccessibleAsync(page, "the moderation page with its last backup");
    }

    [Fact]
    public async Task An_operator_signs_in_approves_removes_refreshes_and_follows_new_registrations()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync();
        await blogs.RegisterAllAsync(site);
        // A stranger's registration, waiting for a decision.
        server.Serve("/newcomer/feed", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        server.Serve("/late/feed", Fixtures.Feed("david-bookmarks.rdf"), "application/rdf+xml");
        using (var registered = await site.Http.PostAsJsonAsync("api/contributors", new { name = "Newcomer", url = server.UrlOf("/newcomer/feed").AbsoluteUri }))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        var page = await browser.OpenAsync(site.Http.BaseAddress!);
        await page.GotoAsync("/manage");
        await TestSupport.Browser.AssertAccessibleAsync(page, "the sign-in form");
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "manage-sign-in-desktop-light"));

        // A wrong key is refused, the field marked; the right one signs in.
        await page.GetByLabel("Admin key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not the admin key");
        await Expect(page.GetByLabel("Admin key")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Admin key").FillAsync(SiteUnderTest.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waiting for approval (1)" })).ToBeVisibleAsync();
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "clipping-operator");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/manage", session.Path);

        // Approve the newcomer: it moves to the approved feeds, and the page says so.
        await Group(page, "Waiting for approval (1)").GetByRole(AriaRole.Button, new() { Name = "Approve Newcomer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Approved Newcomer: their tagged posts appear from the next refresh.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waiting for approval (0)" })).ToBeVisibleAsync();
        await Expect(Group(page, "Approved").Locator(".feed-name", new() { HasText = "Newcomer" })).ToBeVisibleAsync();

        // Refresh one feed now: Rich's posts are on the page at once, before any scheduled run.
        await Group(page, "Approved").GetByRole(AriaRole.Button, new() { Name = "Refresh now Rich" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Refreshed Rich: it worked.");
        var front = await site.Http.GetStringAsync("/");
        Assert.Contains("Big Society – falling through the gaps?", front, StringComparison.Ordinal);
        Assert.DoesNotContain("Elected police chiefs", front, StringComparison.Ordinal);

        // A failing feed is listed as failing, with its error; refreshing it now says it failed and why.
        await Group(page, "Approved").GetByRole(AriaRole.Button, new() { Name = "Refresh now Hostile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Refreshed Hostile: it failed:");
        await Expect(Group(page, "Failing (1)").Locator(".problem")).ToContainTextAsync("declares its own XML entities");

        // Remove one: it leaves the approved list for the removed one.
        await Group(page, "Approved").GetByRole(AriaRole.Button, new() { Name = "Remove Half a feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Removed Half a feed");
        await Expect(Group(page, "Removed or rejected (1)").Locator(".feed-name", new() { HasText = "Half a feed" })).ToBeVisibleAsync();

        await TestSupport.Browser.AssertAccessibleAsync(page, "the moderation page");
        output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(page, "manage-desktop-light"));

        // New registrations arrive in the private feed, which a feed reader follows without signing in.
        var feedUrl = await page.GetByRole(AriaRole.Link, new() { Name = "the private feed of registrations waiting for approval" }).GetAttributeAsync("href");
        using (var another = await site.Http.PostAsJsonAsync("api/contributors", new { name = "Late arrival", url = server.UrlOf("/late/feed").AbsoluteUri }))
        {
            Assert.True(another.IsSuccessStatusCode, await another.Content.ReadAsStringAsync());
        }
        using (var reader = new HttpClient())
        {
            var feed = XDocument.Parse(await reader.GetStringAsync(feedUrl));
            var atom = XNamespace.Get("http://www.w3.org/2005/Atom");
            Assert.Equal(["Late arrival would like to join"], feed.Descendants(atom + "entry").Select(e => e.Element(atom + "title")!.Value));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await reader.GetAsync(feedUrl!.Replace("/pending/", "/pending/x", StringComparison.Ordinal))).StatusCode);
        }

        // An action posted from elsewhere (no antiforgery token) changes nothing.
        var forged = await page.APIRequest.PostAsync("/manage", new() { Form = page.APIRequest.CreateFormData().Append("action", "remove").Append("id", "Rich") });
        Assert.Equal(400, forged.Status);

        // Signing out ends the session: actions are refused and the sign-in form is back.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Admin key")).ToBeVisibleAsync();
        var afterSignOut = await page.APIRequest.PostAsync("/manage", new() { Form = page.APIRequest.CreateFormData().Append("action", "remove").Append("id", "Rich") });
        Assert.Equal(401, afterSignOut.Status);

        foreach (var dark in new[] { false, true })
        {
            foreach (var (viewport, width) in new[] { (TestSupport.Browser.Phone, "phone"), (TestSupport.Browser.Desktop, "desktop") })
            {
                var signedIn = await browser.OpenAsync(site.Http.BaseAddress!, dark, viewport);
                await signedIn.GotoAsync("/manage");
                await signedIn.GetByLabel("Admin key").FillAsync(SiteUnderTest.AdminKey);
                await signedIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                await Expect(signedIn.GetByRole(AriaRole.Heading, new() { Name = "Moderation" })).ToBeVisibleAsync();
                await TestSupport.Browser.AssertAccessibleAsync(signedIn, $"the moderation page ({(dark ? "dark" : "light")}, {width})");
                output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(signedIn, $"manage-{width}-{(dark ? "dark" : "light")}"));
                await signedIn.Context.CloseAsync();
            }
        }
    }
}
