using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Refresh;

/// <summary>How the refresh treats the servers it polls: as they ask, and never harder than a person would.</summary>
public sealed class PolitePollingTests
{
    private static async Task<Contributor> AddAsync(SiteUnderTest site, FeedServer server, string path)
    {
        var url = server.UrlOf(path).AbsoluteUri;
        var contributor = new Contributor(ContributorIds.ForFeed(url), path.Trim('/'), null, url, ContributorStatus.Approved,
            FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New);
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(contributor, CancellationToken.None);
        return contributor;
    }

    private static async Task<Contributor> ReadAsync(SiteUnderTest site, string id) =>
        (await site.Services.GetRequiredService<IClippingStore>().GetContributorAsync(id, CancellationToken.None))!;

    [Fact]
    public async Task Retry_after_is_honoured_and_failures_back_off()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/busy", context => { context.Response.StatusCode = 429; context.Response.Headers.RetryAfter = "3600"; return Task.CompletedTask; });
        server.Serve("/down", context => { context.Response.StatusCode = 500; return Task.CompletedTask; });
        await using var site = await SiteUnderTest.StartAsync();
        var busy = await AddAsync(site, server, "/busy");
        var down = await AddAsync(site, server, "/down");
        var runner = site.Services.GetRequiredService<RefreshRunner>();

        await runner.RunAsync(CancellationToken.None);
        var busyState = (await ReadAsync(site, busy.Id)).State;
        Assert.Contains("429", busyState.LastError);
        Assert.Equal(site.Clock.GetUtcNow().AddHours(1), busyState.NextAttempt);
        var downState = (await ReadAsync(site, down.Id)).State;
        Assert.Equal(1, downState.ConsecutiveFailures);
        Assert.InRange(downState.NextAttempt!.Value - site.Clock.GetUtcNow(), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));

        // Before the next attempt is due, neither server is asked again.
        server.ClearLog();
        var waiting = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, waiting.FeedsSkipped);
        Assert.Empty(server.StatusesFor("/busy"));

        site.Clock.Advance(TimeSpan.FromMinutes(7));
        await runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, (await ReadAsync(site, down.Id)).State.ConsecutiveFailures);
        Assert.Empty(server.StatusesFor("/busy"));
        Assert.Contains("down", await site.Http.GetStringAsync("status"));
    }

    [Fact]
    public async Task A_feed_that_is_gone_stops_being_polled_and_a_moved_one_is_followed_to_its_new_address()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/gone", context => { context.Response.StatusCode = 410; return Task.CompletedTask; });
        server.Serve("/new-home", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        server.Serve("/old-home", context => { context.Response.StatusCode = 301; context.Response.Headers.Location = "/new-home"; return Task.CompletedTask; });
        await using var site = await SiteUnderTest.StartAsync();
        var gone = await AddAsync(site, server, "/gone");
        var moved = await AddAsync(site, server, "/old-home");
        var runner = site.Services.GetRequiredService<RefreshRunner>();

        var first = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, first.ClippingsNew);
        Assert.True((await ReadAsync(site, gone.Id)).State.Gone);
        Assert.Equal(server.UrlOf("/new-home").AbsoluteUri, (await ReadAsync(site, moved.Id)).FeedUrl);

        server.ClearLog();
        site.Clock.Advance(TimeSpan.FromDays(1));
        var second = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, second.FeedsPolled);
        Assert.Empty(server.StatusesFor("/gone"));
        Assert.Empty(server.StatusesFor("/old-home"));
        Assert.Equal([304], server.StatusesFor("/new-home"));

        // A moderator's approval starts polling again.
        await site.Services.GetRequiredService<Moderation>().ApproveAsync(gone.Id, CancellationToken.None);
        Assert.False((await ReadAsync(site, gone.Id)).State.Gone);
    }

    [Fact]
    public async Task One_host_is_never_asked_for_more_than_its_share_at_once()
    {
        await using var server = await FeedServer.StartAsync();
        var current = 0;
        var most = 0;
        for (var i = 0; i < 8; i++)
        {
            server.Serve($"/feed{i}", async context =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref most, now);
                await Task.Delay(100);
                Interlocked.Decrement(ref current);
                context.Response.ContentType = "application/rss+xml";
                await context.Response.Body.WriteAsync("<rss version=\"2.0\"><channel><title>t</title></channel></rss>"u8.ToArray());
            });
        }
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Fetch:MaxConcurrencyPerHost"] = "2" });
        for (var i = 0; i < 8; i++) await AddAsync(site, server, $"/feed{i}");

        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        Assert.Equal(8, report.FeedsFetched);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task A_host_reached_by_redirect_from_several_hosts_is_never_asked_for_more_than_its_share_at_once()
    {
        await using var target = await FeedServer.StartAsync();
        await using var redirector = await FeedServer.StartAsync();
        var current = 0;
        var most = 0;
        target.Serve("/feed", async context =>
        {
            InterlockedMax(ref most, Interlocked.Increment(ref current));
            await Task.Delay(100);
            Interlocked.Decrement(ref current);
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync("<rss version=\"2.0\"><channel><title>t</title></channel></rss>"u8.ToArray());
        });
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Fetch:MaxConcurrencyPerHost"] = "2" });
        var store = site.Services.GetRequiredService<IClippingStore>();
        for (var i = 0; i < 8; i++)
        {
            redirector.Serve($"/feed{i}", context =>
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = target.UrlOf("/feed").AbsoluteUri;
                return Task.CompletedTask;
            });
            // Two names for the redirecting server, so that the per-host turns alone would let four requests through.
            var host = i % 2 == 0 ? "localhost" : "127.0.0.1";
            var url = new UriBuilder(redirector.UrlOf($"/feed{i}")) { Host = host }.Uri.AbsoluteUri;
            await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), $"feed{i}", null, url, ContributorStatus.Approved,
                FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        }

        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        Assert.Equal(8, report.FeedsFetched);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task A_run_past_its_time_limit_starts_no_more_feeds()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Refresh:MaxDuration"] = "00:00:00" });
        await AddAsync(site, server, "/feed");

        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        Assert.Equal(1, report.FeedsSkipped);
        Assert.Contains("time limit", report.Feeds.Single().Error);
        Assert.Empty(server.StatusesFor("/feed"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
