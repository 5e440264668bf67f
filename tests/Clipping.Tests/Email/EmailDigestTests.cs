using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Clipping.Contributors;
using Clipping.Email;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Clipping.Tests.Email;

/// <summary>
/// Email digests through the site's own endpoints and a real SMTP server (aiosmtpd): every mail here was received over
/// SMTP and is read back as MIME. The clock starts on Sunday 22 November 2026, 12:00 UTC, in London.
/// </summary>
public sealed partial class EmailDigestTests
{
    private const string Reader = "reader@example.org";

    [GeneratedRegex(@"https?://\S+/subscribe/confirm/[A-Za-z0-9._~%-]+")]
    private static partial Regex ConfirmLink();

    private static readonly IReadOnlyList<DigestFrequency> Daily = [DigestFrequency.Daily];

    internal sealed class World : IAsyncDisposable
    {
        public required SiteUnderTest Site { get; init; }
        public required FeedServer Feeds { get; init; }
        public required MailServer Mail { get; init; }
        public List<(string Slug, DateTimeOffset Published)> Posts { get; } = [];

        /// <summary>The site's settings, for a second instance on the same store.</summary>
        public Dictionary<string, string?> Settings { get; private init; } = [];

        public Digests Digests => Site.Services.GetRequiredService<Digests>();

        public IMailingList List => Site.Services.GetRequiredService<IMailingList>();

        public static async Task<World> StartAsync(string store = "sqlite", Dictionary<string, string?>? settings = null)
        {
            var feeds = await FeedServer.StartAsync();
            var mail = await MailServer.StartAsync();
            var port = FreePorts.Next();
            var all = new Dictionary<string, string?>(SiteUnderTest.On(store))
            {
                ["urls"] = $"http://127.0.0.1:{port}",
                ["Clipping:Site:BaseUrl"] = $"http://127.0.0.1:{port}/",
                ["Clipping:Site:TimeZone"] = "Europe/London",
            };
            foreach (var (key, value) in mail.Settings()) all[key] = value;
            foreach (var (key, value) in settings ?? []) all[key] = value;
            var site = await SiteUnderTest.StartAsync(all);
            var world = new World { Site = site, Feeds = feeds, Mail = mail, Settings = all };
            var url = feeds.UrlOf("/rich").AbsoluteUri;
            world.ServeBlog();
            await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Rich", "https://rich.example/", url,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
            return world;
        }

        public string RichId => ContributorIds.ForFeed(Feeds.UrlOf("/rich").AbsoluteUri);

        /// <summary>Rich writes a post now; the next refresh clips it.</summary>
        public void Write(string slug)
        {
            Posts.Add((slug, Site.Clock.GetUtcNow()));
            ServeBlog();
        }

        private void ServeBlog() => Feeds.Serve("/rich", Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><title>Rich's blog</title><link>https://rich.example/</link>" +
            string.Concat(Posts.Select(p => $"<item><title>Post {p.Slug}</title><link>https://rich.example/{p.Slug}</link><guid>{p.Slug}</guid>" +
                $"<pubDate>{p.Published.ToString("r", System.Globalization.CultureInfo.InvariantCulture)}</pubDate><category>Big Society</category>" +
                $"<description>The text of {p.Slug}.</description></item>")) +
            "</channel></rss>"), "application/rss+xml", validators: false);

        public async Task RefreshAsync() => (await Site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

        public Task<HttpResponseMessage> SubscribeAsync(string email, string view = "/", string frequency = "daily") =>
            Site.Http.PostAsync("subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["view"] = view, ["frequency"] = frequency }));

        /// <summary>Subscribes and confirms from the mail, as a reader does; returns the confirmation mail.</summary>
        public async Task<MimeMessage> SubscribeAndConfirmAsync(string email, string view = "/", string frequency = "daily")
        {
            var before = Mail.ReceivedBy(email).Count;
            (await SubscribeAsync(email, view, frequency)).EnsureSuccessStatusCode();
            var confirmation = (await Mail.WaitForAsync(email, before + 1))[^1];
            (await Site.Http.PostAsync(ConfirmPath(confirmation), null)).EnsureSuccessStatusCode();
            return confirmation;
        }

        public Task<DigestReport> SendAsync(IReadOnlyList<DigestFrequency>? frequencies = null) =>
            Digests.SendDueAsync(Site.Clock.GetUtcNow(), frequencies ?? Daily, CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await Site.DisposeAsync();
            await Mail.DisposeAsync();
            await Feeds.DisposeAsync();
        }
    }

    private static string ConfirmPath(MimeMessage confirmation) => new Uri(ConfirmLink().Match(confirmation.TextBody!).Value).AbsolutePath;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task A_reader_subscribes_confirms_gets_a_digest_of_whats_new_once_and_leaves_with_one_click(string store)
    {
        await using var world = await World.StartAsync(store);
        world.Write("older");
        await world.RefreshAsync();

        var answer = await world.SubscribeAsync("Reader@Example.ORG");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your inbox", await answer.Content.ReadAsStringAsync());
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        var confirmation = Assert.Single(await world.Mail.WaitForAsync(Reader));
        Assert.Equal("Confirm your subscription to Big Society clippings", confirmation.Subject);
        Assert.Equal("Reader@example.org", confirmation.To.Mailboxes.Single().Address); // the domain folded, the mailbox as typed

        // Opening the link (as a mail scanner does) confirms nothing: the page has a button.
        var path = ConfirmPath(confirmation);
        var page = await world.Site.Http.GetStringAsync(path);
        Assert.Contains("<button type=\"submit\">Confirm my subscription</button>", page);
        Assert.Equal(SubscriberState.Pending, Assert.Single(await world.List.GetSubscribersAsync(null, default)).State);
        world.Site.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await world.SendAsync()).Sent);

        var confirmed = await world.Site.Http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Subscribed", await confirmed.Content.ReadAsStringAsync());

        // Nothing new since confirming: no mail.
        world.Site.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DigestReport(0, 1, 0, 0, 0, 0), await world.SendAsync());

        // Two new posts, then the next morning's send.
        world.Write("first");
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Write("second");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromHours(19)); // Monday 23 November, 08:06 in London
        Assert.Equal(1, (await world.SendAsync()).Sent);
        var digest = (await world.Mail.WaitForAsync(Reader, 2))[^1];

        Assert.Equal("Big Society clippings: 2 new posts (22 November)", digest.Subject);
        Assert.False(string.IsNullOrEmpty(digest.MessageId));
        Assert.NotNull(digest.Headers[HeaderId.Date]);
        Assert.Equal("\"Big Society clippings\" <clippings.127.0.0.1>", digest.Headers[HeaderId.ListId]);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = digest.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');
        Assert.StartsWith(world.Site.Http.BaseAddress!.AbsoluteUri + "unsubscribe/", unsubscribe);

        // Both parts, the same posts in each, and every link in the HTML absolute.
        var alternative = Assert.IsType<MultipartAlternative>(digest.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("Post first", digest.TextBody);
        Assert.Contains("Post second", digest.TextBody);
        Assert.DoesNotContain("Post older", digest.TextBody);
        Assert.Contains("Unsubscribe: " + unsubscribe, digest.TextBody);
        var html = new HtmlParser().ParseDocument(digest.HtmlBody!);
        Assert.Equal(["Post second", "Post first"], html.QuerySelectorAll("h4").Select(h => h.TextContent.Trim()));
        var links = html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.All(links, href => Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var u) && u.Scheme is "http" or "https", href));
        Assert.Contains(unsubscribe, links);
        Assert.Contains("https://rich.example/second", links);
        Assert.Contains(world.Site.Http.BaseAddress!.AbsoluteUri + "contributors/" + world.RichId, links);
        // Styles are on the elements, as mail clients drop style sheets, with dark mode left to the client.
        Assert.Empty(html.QuerySelectorAll("[class]"));
        Assert.Contains("font-size: 19px", html.QuerySelector("h4")!.GetAttribute("style"));
        Assert.Equal("light dark", html.QuerySelector("meta[name=color-scheme]")!.GetAttribute("content"));

        // A second send the same day sends nothing, even with something new.
        world.Write("third");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(DigestReport.None, await world.SendAsync()); // not even planned: the day's digest has gone
        Assert.Equal(2, world.Mail.ReceivedBy(Reader).Count);

        // One click in the mail client: a POST to the header's address, from no page of the site's.
        using var oneClick = new HttpClient();
        var left = await oneClick.PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Empty(await world.List.GetSubscribersAsync(null, default));
        Assert.Equal(HttpStatusCode.NotFound, (await oneClick.PostAsync(unsubscribe, null)).StatusCode);
        world.Site.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(DigestReport.None, await world.SendAsync());
    }

    [Fact]
    public async Task The_answer_is_the_same_for_a_new_address_and_one_already_subscribed()
    {
        await using var world = await World.StartAsync();
        var first = await world.SubscribeAsync(Reader);
        var firstPage = await first.Content.ReadAsStringAsync();
        var confirmation = Assert.Single(await world.Mail.WaitForAsync(Reader));
        (await world.Site.Http.PostAsync(ConfirmPath(confirmation), null)).EnsureSuccessStatusCode();

        world.Site.Clock.Advance(TimeSpan.FromHours(2));
        var again = await world.SubscribeAsync(Reader);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(firstPage, await again.Content.ReadAsStringAsync());
        // Within the hour: no mail, and still the same answer.
        var third = await world.SubscribeAsync(Reader);
        Assert.Equal(firstPage, await third.Content.ReadAsStringAsync());
        Assert.Equal(2, world.Mail.ReceivedBy(Reader).Count);

        // The existing subscription goes on while the new confirmation waits: still confirmed, still daily.
        var subscriber = Assert.Single(await world.List.GetSubscribersAsync(null, default));
        Assert.Equal((SubscriberState.Confirmed, DigestFrequency.Daily), (subscriber.State, subscriber.Frequency));
    }

    [Fact]
    public async Task An_address_gets_one_confirmation_an_hour_and_a_client_the_registration_allowance()
    {
        await using var world = await World.StartAsync(settings: new() { ["Clipping:Registration:MaxPerClient"] = "3" });
        Assert.Equal(HttpStatusCode.OK, (await world.SubscribeAsync(Reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.SubscribeAsync(Reader, "/contributors/" + world.RichId)).StatusCode);
        Assert.Single(await world.Mail.WaitForAsync(Reader));
        await Task.Delay(300);
        Assert.Single(world.Mail.ReceivedBy(Reader)); // the second view's request, within the hour, sent nothing

        Assert.Equal(HttpStatusCode.OK, (await world.SubscribeAsync("other@example.org")).StatusCode);
        var refused = await world.SubscribeAsync("fourth@example.org");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("several email subscriptions in a short time", await refused.Content.ReadAsStringAsync());
        Assert.Empty(world.Mail.ReceivedBy("fourth@example.org"));

        world.Site.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Empty(world.Mail.ReceivedBy("nobody@example.org"));
    }

    [Fact]
    public async Task Expired_and_forged_links_do_nothing_and_say_why()
    {
        await using var world = await World.StartAsync();
        (await world.SubscribeAsync(Reader)).EnsureSuccessStatusCode();
        var path = ConfirmPath(Assert.Single(await world.Mail.WaitForAsync(Reader)));

        // Forged: the right id with a made-up secret, and a token that is no token at all.
        var id = path.Split('/')[^1].Split('.')[0];
        foreach (var forged in new[] { $"/subscribe/confirm/{id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/subscribe/confirm/nothing", $"/unsubscribe/{id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
        {
            var get = await world.Site.Http.GetAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await world.Site.Http.PostAsync(forged, null)).StatusCode);
        }
        Assert.Contains("This confirmation link is not valid", await (await world.Site.Http.GetAsync($"/subscribe/confirm/{id}.x")).Content.ReadAsStringAsync());
        Assert.Equal(SubscriberState.Pending, Assert.Single(await world.List.GetSubscribersAsync(null, default)).State);

        world.Site.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var expired = await world.Site.Http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This confirmation link has expired", await expired.Content.ReadAsStringAsync());
        // The next send drops the request: the address is no longer kept.
        await world.SendAsync();
        Assert.Empty(await world.List.GetSubscribersAsync(null, default));
    }

    [Theory]
    [InlineData("email=reader%40example.org&view=%2Fsearch&frequency=daily", HttpStatusCode.BadRequest, "only a topic")]
    [InlineData("email=reader%40example.org&view=%2F&frequency=hourly", HttpStatusCode.BadRequest, "daily or weekly")]
    [InlineData("email=not-an-address&view=%2F&frequency=daily", HttpStatusCode.BadRequest, "like name@example.org")]
    [InlineData("email=a%40b.org%2C+c%40d.org&view=%2F&frequency=daily", HttpStatusCode.BadRequest, "one email address")]
    [InlineData("email=reader%40example.org&view=%2Fcontributors%2Fnobody&frequency=daily", HttpStatusCode.NotFound, "no contributor")]
    public async Task A_bad_subscription_request_says_what_to_fix(string form, HttpStatusCode status, string message)
    {
        await using var world = await World.StartAsync();
        var answer = await world.Site.Http.PostAsync("subscribe", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(status, answer.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        Assert.Empty(world.Mail.Received());
    }

    [Fact]
    public async Task Weekly_digests_go_on_the_weekly_send_and_daily_ones_every_day()
    {
        await using var world = await World.StartAsync();
        world.Site.Clock.Advance(TimeSpan.FromHours(20)); // Monday 23 November, 08:00: week 48 begins
        await world.SubscribeAndConfirmAsync("daily@example.org");
        await world.SubscribeAndConfirmAsync("weekly@example.org", "/tags/big%20society", "weekly");
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Write("news");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, (await world.SendAsync()).Sent);
        Assert.Equal(2, world.Mail.ReceivedBy("daily@example.org").Count);
        Assert.Single(world.Mail.ReceivedBy("weekly@example.org"));
        // A Monday's send is both.
        Assert.Equal([DigestFrequency.Daily, DigestFrequency.Weekly], DigestPeriod.DueAt(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
        Assert.Equal(1, (await world.SendAsync([DigestFrequency.Daily, DigestFrequency.Weekly])).Sent);
        var weekly = (await world.Mail.WaitForAsync("weekly@example.org", 2))[^1];
        Assert.Equal("Big Society clippings tagged “Big Society”: 1 new post (23 November)", weekly.Subject);
        Assert.Contains("weekly digest", weekly.TextBody);
        // The weekly one is this week's: not again until next week, whatever the send.
        world.Site.Clock.Advance(TimeSpan.FromDays(1));
        world.Write("more");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await world.SendAsync([DigestFrequency.Daily, DigestFrequency.Weekly])).Sent);
        Assert.Equal(2, world.Mail.ReceivedBy("weekly@example.org").Count);
        world.Site.Clock.Advance(TimeSpan.FromDays(7));
        await world.SendAsync([DigestFrequency.Weekly]);
        var next = (await world.Mail.WaitForAsync("weekly@example.org", 3))[^1];
        Assert.Contains("Post more", next.TextBody);
        Assert.DoesNotContain("Post news", next.TextBody);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task Two_sends_at_once_send_each_digest_once(string store)
    {
        await using var world = await World.StartAsync(store);
        var readers = Enumerable.Range(1, 6).Select(i => $"reader{i}@example.org").ToList();
        foreach (var reader in readers)
        {
            await world.SubscribeAndConfirmAsync(reader);
            world.Site.Clock.Advance(TimeSpan.FromMinutes(61)); // past the per-address hour is not needed, but past each client's window
        }
        world.Write("news");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));

        // Two instances of the site on one store, each sending the same send time, one of them twice at once.
        await using var second = await SiteUnderTest.StartAsync(new Dictionary<string, string?>(world.Settings)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Clipping:DataDirectory"] = world.Site.DataDirectory,
        });
        var at = world.Site.Clock.GetUtcNow();
        var reports = await Task.WhenAll(world.SendAsync(), world.SendAsync(),
            second.Services.GetRequiredService<Digests>().SendDueAsync(at, Daily, CancellationToken.None));
        Assert.Equal(readers.Count, reports.Sum(r => r.Sent));
        Assert.All(readers, reader => Assert.Equal(2, world.Mail.ReceivedBy(reader).Count));
    }

    [Fact]
    public async Task Three_permanent_refusals_in_a_row_suspend_and_a_temporary_failure_is_tried_again()
    {
        await using var world = await World.StartAsync();
        await world.SubscribeAndConfirmAsync("gone@example.org");
        await world.SubscribeAndConfirmAsync("busy@example.org");
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Write("news");
        await world.RefreshAsync();
        world.Mail.Refuse("gone@example.org", "550 5.1.1 No such mailbox");
        world.Mail.Refuse("busy@example.org", "451 4.3.0 Try again later");

        for (var day = 1; day <= 3; day++)
        {
            world.Site.Clock.Advance(TimeSpan.FromDays(1));
            var report = await world.SendAsync();
            Assert.Equal((0, 1, 1), (report.Sent, report.Refused, report.Failed));
            Assert.Equal(day == 3 ? 1 : 0, report.Suspended);
        }
        var gone = (await world.List.GetSubscribersAsync(null, default)).Single(s => s.Address == "gone@example.org");
        Assert.Equal(SubscriberState.Suspended, gone.State);
        Assert.Contains("550", gone.LastError);

        // The server takes mail again: the temporary failure goes at the next send, the same day; the suspended one does not.
        world.Mail.AcceptAll();
        var after = await world.SendAsync();
        Assert.Equal((1, 0), (after.Sent, after.Refused));
        Assert.Contains("Post news", (await world.Mail.WaitForAsync("busy@example.org", 2))[^1].TextBody);
        Assert.Single(world.Mail.ReceivedBy("gone@example.org"));

        // The operator sees the suspension on /manage, signed in with the admin key.
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var operatorClient = new HttpClient(cookies) { BaseAddress = world.Site.Http.BaseAddress };
        var signIn = await operatorClient.GetStringAsync("manage");
        var formToken = Regex.Match(signIn, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        (await operatorClient.PostAsync("manage/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = formToken,
            ["key"] = SiteUnderTest.AdminKey,
        }))).EnsureSuccessStatusCode();
        var manage = new HtmlParser().ParseDocument(await operatorClient.GetStringAsync("manage"));
        Assert.Equal("Email digests: 1 daily and 0 weekly, 0 waiting for confirmation, 1 suspended.",
            Regex.Replace(manage.QuerySelector("#email-subscribers")!.TextContent, "\\s+", " ").Trim());
        var listed = Assert.Single(manage.QuerySelectorAll("#suspended-subscribers li"));
        Assert.Contains("gone@example.org, for /: 550", listed.TextContent);
    }

    [Fact]
    public async Task A_server_that_refuses_the_sender_never_counts_against_the_readers()
    {
        await using var world = await World.StartAsync();
        await world.SubscribeAndConfirmAsync(Reader);
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Write("news");
        await world.RefreshAsync();
        world.Mail.Refuse("clippings@example.org", "550 5.7.1 Sender not allowed to relay");
        for (var day = 1; day <= 4; day++)
        {
            world.Site.Clock.Advance(TimeSpan.FromDays(1));
            var report = await world.SendAsync();
            Assert.Equal((0, 0, 1), (report.Sent, report.Refused, report.Failed));
        }
        var subscriber = Assert.Single(await world.List.GetSubscribersAsync(null, default));
        Assert.Equal((SubscriberState.Confirmed, 0), (subscriber.State, subscriber.Refusals));
        Assert.Contains("550 5.7.1", subscriber.LastError);
    }

    [Fact]
    public async Task A_weekly_digest_that_failed_on_monday_goes_at_the_next_send_and_a_refresh_under_way_holds_back_what_it_is_writing()
    {
        await using var world = await World.StartAsync();
        world.Site.Clock.Advance(TimeSpan.FromHours(20)); // Monday 23 November, 08:00
        await world.SubscribeAndConfirmAsync("weekly@example.org", "/", "weekly");
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Write("news");
        await world.RefreshAsync();
        world.Site.Clock.Advance(TimeSpan.FromMinutes(1));
        world.Mail.Refuse("weekly@example.org", "451 4.2.2 Mailbox busy");
        Assert.Equal(1, (await world.SendAsync([DigestFrequency.Daily, DigestFrequency.Weekly])).Failed);

        // Tuesday's send is daily only, but the week's failed digest goes with it.
        world.Mail.AcceptAll();
        world.Site.Clock.Advance(TimeSpan.FromDays(1));
        // A refresh that began a minute ago and has not finished: what it writes now goes in the next digest.
        var refreshStarted = world.Site.Clock.GetUtcNow().AddMinutes(-1);
        await world.Site.Services.GetRequiredService<IClippingStore>().SaveRunAsync(new Clipping.Refresh.RefreshRun("in-flight", refreshStarted, null, 1, 0, 0, 0, 0, 0, 0, 0), CancellationToken.None);
        world.Write("during");
        await world.RefreshAsync(); // stored now, first seen after the run in flight began
        Assert.Equal(1, (await world.SendAsync()).Sent);
        var digest = (await world.Mail.WaitForAsync("weekly@example.org", 2))[^1];
        Assert.Contains("Post news", digest.TextBody);
        Assert.DoesNotContain("Post during", digest.TextBody);
        Assert.Equal(refreshStarted, Assert.Single(await world.List.GetSubscribersAsync(null, default)).SentThrough);
    }

    [Fact]
    public async Task Email_is_off_and_the_form_hidden_until_a_host_and_a_sender_are_set()
    {
        await using var site = await SiteUnderTest.StartAsync();
        Assert.DoesNotContain("Subscribe by email", await site.Http.GetStringAsync("/"));
        var answer = await site.Http.PostAsync("subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Reader, ["view"] = "/" }));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("does not send email digests", await answer.Content.ReadAsStringAsync());

        await using var world = await World.StartAsync();
        var page = await world.Site.Http.GetStringAsync("/");
        Assert.Contains("Subscribe by email", page);
        Assert.Contains("<input type=\"hidden\" name=\"view\" value=\"/\" />", page);
        Assert.Contains($"<input type=\"hidden\" name=\"view\" value=\"/contributors/{world.RichId}\" />", await world.Site.Http.GetStringAsync("/contributors/" + world.RichId));
        Assert.DoesNotContain("Subscribe by email", await world.Site.Http.GetStringAsync("/search?q=x"));
    }
}
