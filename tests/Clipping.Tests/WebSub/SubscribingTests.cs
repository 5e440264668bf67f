using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.EndToEnd;
using Clipping.Tests.TestSupport;
using Clipping.WebSub;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.WebSub;

/// <summary>
/// WebSub subscribing, both ways at once, against a hub that follows the spec (<see cref="TestHub"/>): Clipping
/// subscribes to a contributor's feed at the hub it names, takes the pushed post onto the page and into the combined
/// feed within seconds, and tells the hub, whose own subscriber to the combined feed then receives it.
/// </summary>
public sealed class SubscribingTests
{
    private const string FeedPath = "/blog/feed.xml";

    private static byte[] Feed(TestHub hub, Uri feed, params string[] posts)
    {
        var items = string.Concat(posts.Select((title, i) => $"""
            <item><title>{title}</title><link>http://blog.example/{Slug(title)}</link><guid>http://blog.example/{Slug(title)}</guid>
            <pubDate>{new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero).AddHours(-i):R}</pubDate><category>Big Society</category><description>{title}, in full.</description></item>
            """));
        return Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
            <title>A pushed blog</title><link>http://blog.example/</link><description>d</description>
            <atom:link rel="hub" href="{hub.Url}"/><atom:link rel="self" href="{feed}"/>
            {items}
            </channel></rss>
            """);
    }

    private sealed class PushedSite : IAsyncDisposable
    {
        public required TestHub Hub { get; init; }
        public required FeedServer Blog { get; init; }
        public required SiteUnderTest Site { get; init; }
        public required Uri FeedUrl { get; init; }
        public required Uri BaseUrl { get; init; }
        public IClippingStore Store => Site.Services.GetRequiredService<IClippingStore>();

        public Task RefreshAsync() => Site.Services.GetRequiredService<RefreshCoordinator>().TryRunAsync(CancellationToken.None);

        public async Task<HubSubscription> ActiveSubscriptionAsync()
        {
            HubSubscription? active = null;
            await Hub.WaitForAsync(async () => (active = (await Store.GetSubscriptionsAsync(CancellationToken.None)).SingleOrDefault(s => s.State == SubscriptionState.Active)) is not null,
                "Clipping's subscription to be verified");
            return active!;
        }

        public async ValueTask DisposeAsync()
        {
            await Site.DisposeAsync();
            await Blog.DisposeAsync();
            await Hub.DisposeAsync();
        }
    }

    private static async Task<PushedSite> StartAsync(string store, Dictionary<string, string?>? settings = null)
    {
        var hub = await TestHub.StartAsync();
        var blog = await FeedServer.StartAsync();
        var feedUrl = blog.UrlOf(FeedPath);
        blog.Serve(FeedPath, Feed(hub, feedUrl, "The first post"), "application/rss+xml");
        // The hub calls back at the site's public address, so the site needs to know it before it starts.
        var baseUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var all = SiteUnderTest.On(store);
        all["urls"] = baseUrl.AbsoluteUri.TrimEnd('/');
        all["Clipping:Site:BaseUrl"] = baseUrl.AbsoluteUri;
        all["Clipping:WebSub:Hub"] = hub.Url.AbsoluteUri;
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var site = await SiteUnderTest.StartAsync(all);
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(feedUrl.AbsoluteUri), "Pushed Blogger", null,
            feedUrl.AbsoluteUri, ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        return new PushedSite { Hub = hub, Blog = blog, Site = site, FeedUrl = feedUrl, BaseUrl = baseUrl };
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task A_pushed_post_is_on_the_page_and_at_the_combined_feeds_subscribers_within_seconds(string store)
    {
        await using var pushed = await StartAsync(store);
        var (hub, blog, site) = (pushed.Hub, pushed.Blog, pushed.Site);

        // The first refresh reads the feed, sees its hub, and subscribes; the hub verifies with the callback.
        await pushed.RefreshAsync();
        var subscription = await pushed.ActiveSubscriptionAsync();
        // Clipping records the verification as it answers it; the hub, once the answer has reached it.
        await hub.WaitForAsync(() => hub.Subscriptions.Any(s => s.Topic == pushed.FeedUrl.AbsoluteUri), "the hub to record the subscription");
        var atHub = Assert.Single(hub.Subscriptions, s => s.Topic == pushed.FeedUrl.AbsoluteUri);
        Assert.Equal(new Uri(pushed.BaseUrl, $"websub/{subscription.Id}"), atHub.Callback);
        Assert.NotNull(atHub.Secret);
        Assert.True(subscription.LeaseExpires > site.Clock.GetUtcNow().AddDays(9));
        // A reader's feed reader subscribes to the combined feed at the same hub.
        await hub.SubscribeOwnAsync(new Uri(pushed.BaseUrl, "rss.xml"));

        // The blogger publishes; their blog pings the hub; the hub pushes the feed to Clipping.
        blog.Serve(FeedPath, Feed(hub, pushed.FeedUrl, "Pushed within seconds", "The first post"), "application/rss+xml");
        blog.ClearLog();
        var clock = Stopwatch.StartNew();
        await hub.PublishAsync(pushed.FeedUrl);
        await hub.WaitForAsync(async () => (await PageTitlesAsync(site)).Contains("Pushed within seconds"), "the pushed post on the page");
        await hub.WaitForAsync(async () => (await site.Http.GetStringAsync("rss.xml")).Contains("Pushed within seconds", StringComparison.Ordinal), "the pushed post in the combined feed");
        await hub.WaitForAsync(() => hub.Received.Any(r => r.Topic == new Uri(pushed.BaseUrl, "rss.xml").AbsoluteUri && r.Body.Contains("Pushed within seconds", StringComparison.Ordinal)),
            "the combined feed's subscriber to receive the post");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the round trip took {clock.Elapsed.TotalSeconds:0.0} s");
        // Read from what was pushed: the blog was asked only by the hub, to have something to push.
        Assert.Equal([200], blog.StatusesFor(FeedPath));
        blog.ClearLog();

        // Polling goes on, slower: not on the next run, but once the pushed-feed interval has passed.
        site.Clock.Advance(TimeSpan.FromMinutes(15));
        await pushed.RefreshAsync();
        Assert.Empty(blog.StatusesFor(FeedPath));
        site.Clock.Advance(TimeSpan.FromHours(6));
        await pushed.RefreshAsync();
        Assert.Single(blog.StatusesFor(FeedPath));
        var status = await site.Http.GetStringAsync("status");
        Assert.Contains("pushed by 127.0.0.1", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_that_are_forged_unknown_or_too_large_are_refused_recorded_and_change_nothing()
    {
        await using var pushed = await StartAsync("sqlite", new Dictionary<string, string?> { ["Clipping:Fetch:MaxBytes"] = "20000" });
        var site = pushed.Site;
        await pushed.RefreshAsync();
        var subscription = await pushed.ActiveSubscriptionAsync();
        var forged = Feed(pushed.Hub, pushed.FeedUrl, "A forged post", "The first post");
        var callback = $"websub/{subscription.Id}";

        // A wrong signature is acknowledged, as the spec requires, and ignored.
        using (var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new ByteArrayContent(forged) })
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature", HubSignature.Sign(forged, "not-the-secret"));
            using var answer = await site.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }
        Assert.Contains("did not match was ignored", (await pushed.Store.GetSubscriptionAsync(subscription.Id, CancellationToken.None))!.LastProblem);
        using (var unsigned = await site.Http.PostAsync(callback, new ByteArrayContent(forged))) Assert.Equal(HttpStatusCode.Accepted, unsigned.StatusCode);
        Assert.Contains("without X-Hub-Signature was ignored", (await pushed.Store.GetSubscriptionAsync(subscription.Id, CancellationToken.None))!.LastProblem);
        Assert.DoesNotContain("A forged post", await PageTitlesAsync(site));

        // An unknown subscription is gone (the hub stops); a verification Clipping never asked for is not confirmed.
        using (var unknown = await site.Http.PostAsync("websub/0123456789abcdef", new ByteArrayContent(forged))) Assert.Equal(HttpStatusCode.Gone, unknown.StatusCode);
        using (var other = await site.Http.GetAsync($"{callback}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString("http://elsewhere.example/feed")}&hub.challenge=abc&hub.lease_seconds=60"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        using (var leave = await site.Http.GetAsync($"{callback}?hub.mode=unsubscribe&hub.topic={Uri.EscapeDataString(pushed.FeedUrl.AbsoluteUri)}&hub.challenge=abc"))
        {
            Assert.Equal(HttpStatusCode.NotFound, leave.StatusCode);
        }

        // Over the size limit: refused before it is read, even correctly signed.
        var huge = Feed(pushed.Hub, pushed.FeedUrl, [.. Enumerable.Range(0, 400).Select(i => $"Padding post {i}")]);
        using (var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new ByteArrayContent(huge) })
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature", HubSignature.Sign(huge, subscription.Secret));
            using var answer = await site.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        }
        Assert.DoesNotContain("Padding post 1", await PageTitlesAsync(site));
        Assert.Contains("larger than", (await pushed.Store.GetSubscriptionAsync(subscription.Id, CancellationToken.None))!.LastProblem);
        Assert.Contains("larger than", await site.Http.GetStringAsync("status"), StringComparison.Ordinal);
        Assert.Equal(["The first post"], await PageTitlesAsync(site));
    }

    [Fact]
    public async Task A_contributor_who_is_removed_is_unsubscribed_at_the_hub()
    {
        await using var pushed = await StartAsync("sqlite");
        await pushed.RefreshAsync();
        var subscription = await pushed.ActiveSubscriptionAsync();

        await pushed.Site.Services.GetRequiredService<Moderation>().RemoveAsync(ContributorIds.ForFeed(pushed.FeedUrl.AbsoluteUri), CancellationToken.None);
        await pushed.RefreshAsync();

        await pushed.Hub.WaitForAsync(() => pushed.Hub.Subscriptions.All(s => s.Topic != pushed.FeedUrl.AbsoluteUri), "the hub to drop the subscription");
        await pushed.Hub.WaitForAsync(async () => await pushed.Store.GetSubscriptionAsync(subscription.Id, CancellationToken.None) is null, "Clipping to forget it");
        Assert.Contains(pushed.Hub.Events, e => e.StartsWith("verified unsubscribe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hub_on_a_platform_address_is_never_asked()
    {
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Site:BaseUrl"] = "https://clipping.example/" });
        var store = site.Services.GetRequiredService<IClippingStore>();
        var state = FeedState.New with { Hub = "http://169.254.169.254/latest/meta-data/", Topic = "https://blog.example/feed" };
        await store.AddContributorAsync(new Contributor("c1", "Sly", null, "https://blog.example/feed", ContributorStatus.Approved, FeedMode.TaggedPosts, null,
            site.Clock.GetUtcNow(), state), CancellationToken.None);

        await site.Services.GetRequiredService<HubSubscriber>().MaintainAsync(CancellationToken.None);

        var subscription = Assert.Single(await store.GetSubscriptionsAsync(CancellationToken.None));
        Assert.Equal(SubscriptionState.Requested, subscription.State);
        Assert.Contains("cloud platform service", subscription.LastProblem, StringComparison.Ordinal);
    }

    private static async Task<List<string>> PageTitlesAsync(SiteUnderTest site) => (await FixtureStory.PageAsync(site.Http)).Select(a => a.Title).ToList();

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');

}
