using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Clipping.Email;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clipping.Tests.Browser;

/// <summary>
/// A reader subscribes by email in Chromium, confirms from the mail, gets a digest sent by <c>clipping email send</c>
/// (a process, on the same store), opens its link and unsubscribes: every mail over SMTP to aiosmtpd.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailTests(TestSupport.Browser browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_reader_subscribes_confirms_gets_the_digest_opens_it_and_unsubscribes()
    {
        const string address = "reader@example.org";
        await using var mail = await MailServer.StartAsync();
        var port = FreePorts.Next();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Clipping:Site:BaseUrl"] = $"http://127.0.0.1:{port}/",
        };
        foreach (var (key, value) in mail.Settings()) settings[key] = value;
        await using var reader = await ReaderSite.StartAsync(settings);
        var list = reader.Site.Services.GetRequiredService<IMailingList>();

        // The form is beside the feeds, on the page itself.
        var page = await browser.OpenAsync(reader.BaseUrl);
        await page.GotoAsync("/");
        var form = page.Locator("form.email-subscribe");
        await form.GetByLabel("by email").FillAsync(address);
        await form.GetByLabel("Weekly, on Mondays").CheckAsync();
        await form.GetByLabel("Daily").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Subscribe by email" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(address);
        await TestSupport.Browser.AssertAccessibleAsync(page, "the answer to the email form");

        // The confirmation's link opens a page with a button: opening it confirms nothing.
        var confirmation = Assert.Single(await mail.WaitForAsync(address));
        var link = new Uri(Regex.Match(confirmation.TextBody!, @"http://\S+/subscribe/confirm/\S+").Value);
        await page.GotoAsync(link.AbsoluteUri);
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" });
        await Expect(confirm).ToBeVisibleAsync();
        Assert.Equal(SubscriberState.Pending, Assert.Single(await list.GetSubscribersAsync(null, default)).State);
        await TestSupport.Browser.AssertAccessibleAsync(page, "the confirmation page");
        await confirm.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Subscribed");
        Assert.Equal(SubscriberState.Confirmed, Assert.Single(await list.GetSubscribersAsync(null, default)).State);

        // A new blog's posts arrive, then the operator's `clipping email send` on the same store.
        reader.Site.Clock.Advance(TimeSpan.FromMinutes(30));
        reader.Server.Serve("/newcomer/feed", System.Text.Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><title>Newcomer</title><link>https://newcomer.example/</link>" +
            "<item><title>A library saved by its readers</title><link>https://newcomer.example/library</link><guid>library</guid>" +
            $"<pubDate>{reader.Site.Clock.GetUtcNow():r}</pubDate><category>Big Society</category>" +
            "<description>&lt;p&gt;Volunteers kept the doors open for a year.&lt;/p&gt;</description></item></channel></rss>"), "application/rss+xml");
        await reader.AddContributorAsync("Newcomer", "/newcomer/feed", "https://newcomer.example/");
        var environment = ClippingProcess.Environment(reader.Site.DataDirectory);
        environment["Clipping__Site__BaseUrl"] = reader.BaseUrl.AbsoluteUri;
        environment["Clipping__Site__TimeZone"] = "Europe/London";
        foreach (var (key, value) in mail.Settings()) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        var send = await ClippingProcess.RunAsync(environment, "email", "send", "--frequency", "daily");
        Assert.True(send.ExitCode == 0, send.Output + send.Error);
        Assert.Contains("1 sent", send.Output);

        var digest = (await mail.WaitForAsync(address, 2))[^1];
        // From the day the reader confirmed (on the site's clock) to the day before the command ran (on the machine's).
        Assert.Matches(@"^Big Society clippings: 1 new post \(22 November – \d{1,2} [A-Z][a-z]+( \d{4})?\)$", digest.Subject);
        var html = new HtmlParser().ParseDocument(digest.HtmlBody!);
        var titles = html.QuerySelectorAll("h4").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["A library saved by its readers"], titles);

        // The digest itself, as a mail client shows it, in light and dark: readable, and photographed.
        foreach (var dark in new[] { false, true })
        {
            var mailView = await browser.OpenAsync(reader.BaseUrl, dark, TestSupport.Browser.Phone);
            await mailView.SetContentAsync(digest.HtmlBody!);
            await TestSupport.Browser.AssertAccessibleAsync(mailView, $"the digest ({(dark ? "dark" : "light")})");
            output.WriteLine("screenshot: " + await TestSupport.Browser.ScreenshotAsync(mailView, $"digest-{(dark ? "dark" : "light")}"));
            await mailView.Context.CloseAsync();
        }

        // The digest's links lead back to the site: the view it follows, and the contributor's page, where the post is.
        Assert.Equal(reader.BaseUrl.AbsoluteUri, html.QuerySelector("p a[href]")!.GetAttribute("href"));
        var credit = html.QuerySelectorAll("a").Single(a => a.TextContent == "Newcomer").GetAttribute("href")!;
        Assert.StartsWith(reader.BaseUrl.AbsoluteUri + "contributors/", credit);
        await page.GotoAsync(credit);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Posts by Newcomer" })).ToBeVisibleAsync();
        await Expect(page.Locator("article.clipping h4").First).ToHaveTextAsync(titles[0]);

        // And its unsubscribe link: a page with a button, then the address is gone.
        var unsubscribe = html.QuerySelectorAll("a").Single(a => a.TextContent == "Unsubscribe").GetAttribute("href")!;
        Assert.Equal(digest.Headers[MimeKit.HeaderId.ListUnsubscribe], $"<{unsubscribe}>");
        await page.GotoAsync(unsubscribe);
        await TestSupport.Browser.AssertAccessibleAsync(page, "the unsubscribe page");
        Assert.Single(await list.GetSubscribersAsync(null, default));
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Unsubscribed");
        Assert.Empty(await list.GetSubscribersAsync(null, default));
    }
}
