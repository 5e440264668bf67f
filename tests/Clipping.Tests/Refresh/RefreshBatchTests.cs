using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Refresh;

/// <summary>
/// A run split into batches by host, as both hosts refresh: planned once, each batch refreshed and recorded once
/// however often it is delivered, and the run finished by its last batch.
/// </summary>
public sealed class RefreshBatchTests
{
    private static async Task AddAsync(SiteUnderTest site, string url, FeedState? state = null) =>
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), url, null, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), state ?? FeedState.New), CancellationToken.None);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task Due_feeds_are_batched_by_host_never_splitting_one_and_feeds_backing_off_wait(string store)
    {
        var settings = SiteUnderTest.On(store);
        settings["Clipping:Refresh:FeedsPerBatch"] = "3";
        await using var site = await SiteUnderTest.StartAsync(settings);
        var hosts = new Dictionary<string, int> { ["big.example"] = 5, ["pair.example"] = 2, ["one.example"] = 1, ["other.example"] = 1 };
        foreach (var (host, count) in hosts)
        {
            for (var i = 0; i < count; i++) await AddAsync(site, $"https://{host}/feed{i}.xml");
        }
        await AddAsync(site, "https://pair.example/resting.xml", FeedState.New with { NextAttempt = site.Clock.GetUtcNow().AddHours(1), LastError = "down" });

        var plan = await site.Services.GetRequiredService<RefreshPlanner>().PlanAsync(CancellationToken.None);

        Assert.Equal([5, 3, 1], plan.Batches.Select(b => b.FeedIds.Count));
        Assert.All(plan.Batches, b => Assert.Equal((plan.RunId, plan.Batches.Count), (b.RunId, b.Of)));
        Assert.Equal([0, 1, 2], plan.Batches.Select(b => b.Index));
        var hostOf = (await site.Services.GetRequiredService<IClippingStore>().GetContributorsAsync(CancellationToken.None)).ToDictionary(c => c.Id, c => new Uri(c.FeedUrl).Host);
        var batchesOfHost = plan.Batches.SelectMany(b => b.FeedIds.Select(id => (Host: hostOf[id], b.Index))).Distinct().GroupBy(p => p.Host);
        Assert.All(batchesOfHost, host => Assert.Single(host));
        Assert.Equal(9, plan.FeedCount);
        Assert.Equal("https://pair.example/resting.xml", Assert.Single(plan.Waiting).ContributorName);

        // A batch travels as a message and comes back whole; anything else on the queue is refused with a reason.
        Assert.Equivalent(plan.Batches[1], RefreshBatch.Parse(plan.Batches[1].ToMessage()));
        Assert.Throws<FormatException>(() => RefreshBatch.Parse("not json"));
        Assert.Throws<FormatException>(() => RefreshBatch.Parse("""{"runId":"r","index":3,"of":3,"feedIds":[]}"""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task A_run_leaves_out_the_feeds_an_earlier_run_still_has_in_flight(string store)
    {
        var settings = SiteUnderTest.On(store);
        settings["Clipping:Refresh:FeedsPerBatch"] = "2";
        await using var site = await SiteUnderTest.StartAsync(settings);
        foreach (var host in new[] { "a.example", "b.example", "c.example" })
        {
            for (var i = 0; i < 2; i++) await AddAsync(site, $"https://{host}/feed{i}.xml");
        }
        var planner = site.Services.GetRequiredService<RefreshPlanner>();
        var ledger = site.Services.GetRequiredService<RefreshLedger>();
        var earlier = await planner.PlanAsync(CancellationToken.None);
        Assert.Equal(6, earlier.FeedCount);
        await ledger.StartAsync(earlier, CancellationToken.None);
        // One of its three batches is done; the other two are still on the queue or being refreshed.
        await ledger.RecordAsync(earlier.Batches[0], [], CancellationToken.None);

        var later = await planner.PlanAsync(CancellationToken.None);
        Assert.Equal(earlier.Batches[0].FeedIds.Order(), later.Batches.SelectMany(b => b.FeedIds).Order());
        Assert.Equal(4, later.InFlightElsewhere);

        // A run in flight long past its limit ended with its process: its feeds are planned again.
        site.Clock.Advance(site.Services.GetRequiredService<RefreshOptions>().MaxDuration + RefreshRun.RedeliveryAllowance + TimeSpan.FromMinutes(1));
        var afterItsEnd = await planner.PlanAsync(CancellationToken.None);
        Assert.Equal(6, afterItsEnd.FeedCount);
        Assert.Equal(0, afterItsEnd.InFlightElsewhere);
    }

    [Fact]
    public async Task Every_run_records_its_start_in_the_store_whichever_process_runs_it()
    {
        await using var site = await SiteUnderTest.StartAsync();
        await AddAsync(site, "https://a.example/feed.xml", FeedState.New with { NextAttempt = site.Clock.GetUtcNow().AddHours(1) });
        var store = site.Services.GetRequiredService<IClippingStore>();
        var before = await store.GetLastRefreshStartAsync(CancellationToken.None);

        // The runner itself, as `clipping refresh` calls it, with no coordinator or scheduler around it.
        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);

        var recorded = await store.GetLastRefreshStartAsync(CancellationToken.None);
        Assert.NotEqual(before, recorded);
        Assert.Equal(site.Clock.GetUtcNow(), recorded);
        Assert.Equal(1, report.FeedsSkipped);
    }

    [Fact]
    public async Task A_host_with_more_feeds_than_a_queue_message_can_name_is_split()
    {
        await using var site = await SiteUnderTest.StartAsync();
        for (var i = 0; i <= RefreshPlanner.MaxFeedsPerBatch; i++) await AddAsync(site, $"https://huge.example/{i}.xml");

        var plan = await site.Services.GetRequiredService<RefreshPlanner>().PlanAsync(CancellationToken.None);

        Assert.Equal([RefreshPlanner.MaxFeedsPerBatch, 1], plan.Batches.Select(b => b.FeedIds.Count));
        // Base64 of the JSON, as the queue holds it, inside the 64 KB a message may be.
        Assert.True(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plan.Batches[0].ToMessage())).Length < 64 * 1024);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task A_batch_delivered_twice_is_refreshed_and_counted_once(string store)
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/rich/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml; charset=UTF-8");
        server.Serve("/phil/feeds/posts/default", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml; charset=UTF-8");
        await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
        await AddAsync(site, server.UrlOf("/rich/feed/").AbsoluteUri);
        await AddAsync(site, server.UrlOf("/phil/feeds/posts/default").AbsoluteUri);
        var ledger = site.Services.GetRequiredService<RefreshLedger>();
        var batches = site.Services.GetRequiredService<BatchRefresher>();
        var plan = await site.Services.GetRequiredService<RefreshPlanner>().PlanAsync(CancellationToken.None);
        await ledger.StartAsync(plan, CancellationToken.None);
        var batch = Assert.Single(plan.Batches);
        Assert.True((await ledger.GetRecentAsync(1, CancellationToken.None))[0].InFlight);

        var first = await batches.RunAsync(batch, TimeLimit.From(TimeSpan.FromMinutes(1), "batch"), CancellationToken.None);
        var again = await batches.RunAsync(batch, TimeLimit.From(TimeSpan.FromMinutes(1), "batch"), CancellationToken.None);

        Assert.Equal(3, first.Feeds.Sum(f => f.New));
        Assert.True(again.AlreadyDone);
        Assert.Empty(again.Feeds);
        Assert.Equal([200], server.StatusesFor("/rich/feed/"));
        Assert.Equal([200], server.StatusesFor("/phil/feeds/posts/default"));
        Assert.Equal(3, await site.Services.GetRequiredService<IClippingStore>().CountClippingsAsync("big-society", CancellationToken.None));
        var run = (await ledger.GetRecentAsync(1, CancellationToken.None))[0];
        Assert.Equal((plan.RunId, false, 2, 2, 2, 3), (run.Id, run.InFlight, run.FeedsPlanned, run.FeedsDone, run.FeedsFetched, run.ClippingsNew));
    }

    [Fact]
    public async Task A_batch_past_its_time_limit_leaves_its_remaining_feeds_for_the_next_run_first()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/rich/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml; charset=UTF-8");
        await using var site = await SiteUnderTest.StartAsync();
        await AddAsync(site, server.UrlOf("/rich/feed/").AbsoluteUri);
        var plan = await site.Services.GetRequiredService<RefreshPlanner>().PlanAsync(CancellationToken.None);
        await site.Services.GetRequiredService<RefreshLedger>().StartAsync(plan, CancellationToken.None);

        var late = await site.Services.GetRequiredService<BatchRefresher>().RunAsync(plan.Batches[0], TimeLimit.From(TimeSpan.FromTicks(-1), "batch"), CancellationToken.None);

        var waiting = Assert.Single(late.Feeds);
        Assert.Equal(FeedOutcomeKind.Skipped, waiting.Kind);
        Assert.StartsWith("The batch reached its time limit", waiting.Error);
        Assert.Empty(server.StatusesFor("/rich/feed/"));
        var run = (await site.Services.GetRequiredService<RefreshLedger>().GetRecentAsync(1, CancellationToken.None))[0];
        Assert.Equal((false, 1, 0), (run.InFlight, run.FeedsDone, run.FeedsFetched));
    }
}
