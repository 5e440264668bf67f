using System.Text.Json;
using Azure.Storage.Queues;
using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage.Tables;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// The refresh fanned out over the storage queue, under the Functions host on Azurite, as on Azure: two host processes
/// on one storage account are two instances of the app; the timer fires once and both take batches.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class QueueFanOutTests
{
    internal const int Hosts = 30;
    internal const int FeedsPerHost = 10;

    [Fact]
    public async Task Two_instances_share_a_run_and_every_feed_is_refreshed_exactly_once()
    {
        await using var blogs = await LoopbackBlogs.StartAsync(Hosts, FeedsPerHost);
        // Slow enough that a batch takes seconds, so the instance that did not run the timer finds batches left.
        blogs.Delay = TimeSpan.FromMilliseconds(700);
        var fleet = await QueueFleet.StartAsync(blogs, instances: 2);
        await using var _ = fleet;
        var (first, second) = (fleet.Instances[0], fleet.Instances[1]);

        await first.ExplainFailuresAsync(async () =>
        {
            var (runId, finished) = await first.RunRefreshAsync(() => first.Log + second.Log, TimeSpan.FromMinutes(3));

            // Both instances refreshed batches; the run's report counts every feed once.
            Assert.NotEmpty(first.Executions("RefreshBatch"));
            Assert.NotEmpty(second.Executions("RefreshBatch"));
            Assert.All(first.Executions("RefreshBatch").Concat(second.Executions("RefreshBatch")), e => Assert.Equal("Succeeded", e.Groups["result"].Value));
            var feeds = Hosts * FeedsPerHost;
            Assert.Contains($"finished: {feeds} feeds, {feeds} fetched, 0 not modified, 0 failed, 0 waiting; {feeds} new, 0 updated, 0 merged;", finished, StringComparison.Ordinal);

            // Every feed was asked exactly once, however the batches were shared.
            Assert.All(blogs.Feeds, feed => Assert.True(blogs.RequestsFor(feed) == 1, $"{feed} was asked {blogs.RequestsFor(feed)} times"));
            await fleet.AssertPageShowsEveryFeedOnceAsync(second);
            var status = await second.Http.GetStringAsync("status");
            Assert.Contains($"{feeds} of {feeds}", status, StringComparison.Ordinal);

            // The run recorded in the store matches, on every instance's status page.
            var run = (await fleet.Store.GetRecentRunsAsync(1, CancellationToken.None)).Single();
            Assert.Equal((runId, feeds, feeds, feeds), (run.Id, run.FeedsPlanned, run.FeedsDone, run.ClippingsNew));
            Assert.Equal(Hosts * FeedsPerHost / fleet.FeedsPerBatch, run.Batches);
        });
    }

    [Fact]
    public async Task Two_runs_started_together_on_two_instances_fetch_each_feed_once_within_the_per_host_limit()
    {
        await using var blogs = await LoopbackBlogs.StartAsync(Hosts, FeedsPerHost);
        // Slow enough that the first run's batches are still on the queue or in hand when the second is planned.
        blogs.Delay = TimeSpan.FromMilliseconds(700);
        var fleet = await QueueFleet.StartAsync(blogs, instances: 2);
        await using var _ = fleet;
        var (first, second) = (fleet.Instances[0], fleet.Instances[1]);

        await first.ExplainFailuresAsync(async () =>
        {
            // The timer on one instance and another run on the other at the same moment: a moderator's "Refresh now",
            // a fresh deployment's catch-up, or a timer firing while the last run's batches are still queued.
            await Task.WhenAll(first.RunTimerAsync("Refresh"), second.RunTimerAsync("Refresh"));
            IReadOnlyList<RefreshRun> runs = [];
            await first.WaitForAsync(async () => (runs = await fleet.Store.GetRecentRunsAsync(5, CancellationToken.None)) is { Count: 2 } && runs.All(r => !r.InFlight),
                TimeSpan.FromMinutes(3), "both runs to finish");

            // One run planned every feed; the other left them all to it, and said so.
            var feeds = Hosts * FeedsPerHost;
            Assert.Equal([0, feeds], runs.Select(r => r.FeedsPlanned).Order());
            Assert.Contains($"leaves {feeds} feeds to an earlier run that is still refreshing them", first.Log + second.Log, StringComparison.Ordinal);

            // Every feed was asked once, and no host met more than one instance's per-host limit.
            Assert.All(blogs.Feeds, feed => Assert.True(blogs.RequestsFor(feed) == 1, $"{feed} was asked {blogs.RequestsFor(feed)} times"));
            var perHost = new Clipping.Feeds.Fetching.FetchOptions().MaxConcurrencyPerHost;
            Assert.All(blogs.Feeds.Select(f => f.Host).Distinct(), host => Assert.True(blogs.MostAtOnce(host) <= perHost, $"{host} answered {blogs.MostAtOnce(host)} requests at once"));
            await fleet.AssertPageShowsEveryFeedOnceAsync(second);
        });
    }

    [Fact]
    public async Task A_batch_that_failed_every_attempt_is_recorded_against_its_feeds()
    {
        await using var blogs = await LoopbackBlogs.StartAsync(hosts: 2, feedsPerHost: 2);
        var fleet = await QueueFleet.PrepareAsync(blogs);
        await using var _ = fleet;

        // A batch of a planned run, already taken and abandoned as many times as the queue allows: what five instances
        // crashing on it (or a store failing five times) leaves. The next instance to see it hands it to the poison queue.
        var started = DateTimeOffset.UtcNow;
        var runId = RefreshRun.NewId(started);
        var ids = blogs.Feeds.Take(3).Select(f => ContributorIds.ForFeed(f.AbsoluteUri)).ToList();
        await fleet.Store.SaveRunAsync(RefreshRun.Planned(runId, started, ids.Count, batches: 1), CancellationToken.None);
        var queue = fleet.Queue();
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(new RefreshBatch(runId, started, 0, 1, ids).ToMessage());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var taken = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            await queue.UpdateMessageAsync(taken.MessageId, taken.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        await fleet.StartInstancesAsync(1);
        var host = fleet.Instances[0];
        await host.ExplainFailuresAsync(async () =>
        {
            await host.WaitForAsync(() => host.Executions("RefreshBatchGivenUp").Count > 0, TimeSpan.FromSeconds(60), "the poisoned batch to be recorded");
            Assert.Equal("Succeeded", host.Executions("RefreshBatchGivenUp")[0].Groups["result"].Value);
            Assert.Empty(host.Executions("RefreshBatch"));

            // Each of its feeds is failing, with a reason an operator can act on, and backed off; the others are untouched.
            foreach (var feed in blogs.Feeds)
            {
                var state = (await fleet.Store.GetContributorAsync(ContributorIds.ForFeed(feed.AbsoluteUri), CancellationToken.None))!.State;
                if (ids.Contains(ContributorIds.ForFeed(feed.AbsoluteUri)))
                {
                    Assert.Equal(1, state.ConsecutiveFailures);
                    Assert.Contains("failed on all 5 attempts and was set aside", state.LastError, StringComparison.Ordinal);
                    Assert.True(state.NextAttempt > DateTimeOffset.UtcNow);
                }
                else
                {
                    Assert.Null(state.LastError);
                }
                Assert.Equal(0, blogs.RequestsFor(feed));
            }

            // The run counts them as failed and is finished; the status page says so; the poison queue is empty.
            var run = (await fleet.Store.GetRecentRunsAsync(1, CancellationToken.None)).Single();
            Assert.Equal((runId, 3, 3, false), (run.Id, run.FeedsDone, run.FeedsFailed, run.InFlight));
            var status = await host.Http.GetStringAsync("status");
            Assert.Contains("failed on all 5 attempts and was set aside", status, StringComparison.Ordinal);
            await host.WaitForAsync(async () => (await fleet.Queue("-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
                TimeSpan.FromSeconds(30), "the poison queue to be emptied");
        });
    }
}

/// <summary>
/// A killed instance loses nothing: its batches come back after the queue's visibility timeout (ten minutes, fixed by
/// the host) and another instance finishes them. Most of it is waiting, but it runs with the other host tests, not
/// beside them: hosts starting side by side on two cores can miss the host's deadline for starting its worker.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class QueueFanOutRecoveryTests
{
    [Fact]
    public async Task Batches_of_a_killed_instance_come_back_and_finish_without_duplicates()
    {
        await using var blogs = await LoopbackBlogs.StartAsync(QueueFanOutTests.Hosts, QueueFanOutTests.FeedsPerHost);
        blogs.Delay = TimeSpan.FromMilliseconds(700);
        var fleet = await QueueFleet.StartAsync(blogs, instances: 2);
        await using var _ = fleet;
        var (doomed, survivor) = (fleet.Instances[0], fleet.Instances[1]);

        await survivor.ExplainFailuresAsync(async () =>
        {
            var timer = await survivor.RunTimerAsync("Refresh");
            // As soon as the doomed instance has batches in hand, it dies with them.
            await doomed.WaitForAsync(() => doomed.Log.Contains("Executing 'Functions.RefreshBatch'", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the doomed instance to take a batch");
            // A moment for its first requests to be under way, so some feeds are fetched by both.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await doomed.KillAsync();
            var runId = System.Text.RegularExpressions.Regex.Match(timer, @"Refresh run (\S+): \d+ feeds queued").Groups[1].Value;
            string? finished = null;
            await survivor.WaitForAsync(() => (finished = FunctionsHostUnderTest.FinishedLine(survivor.Log, runId)) is not null,
                TimeSpan.FromMinutes(14), "the run to finish once the lost batches reappear");

            // Nothing lost, nothing doubled: every feed is clipped once, the run counts each feed once.
            var feeds = QueueFanOutTests.Hosts * QueueFanOutTests.FeedsPerHost;
            Assert.Contains($"finished: {feeds} feeds,", finished, StringComparison.Ordinal);
            Assert.Contains(" 0 failed, 0 waiting;", finished, StringComparison.Ordinal);
            Assert.All(blogs.Feeds, feed => Assert.InRange(blogs.RequestsFor(feed), 1, 2));
            Assert.Contains(blogs.Feeds, feed => blogs.RequestsFor(feed) == 2);
            await fleet.AssertPageShowsEveryFeedOnceAsync(survivor);
            var run = (await fleet.Store.GetRecentRunsAsync(1, CancellationToken.None)).Single();
            Assert.Equal((feeds, feeds, false), (run.FeedsPlanned, run.FeedsDone, run.InFlight));
        });
    }
}

/// <summary>Instances of one Functions app (one store, one host id, one queue) over a set of loopback blogs, registered and approved.</summary>
internal sealed class QueueFleet : IAsyncDisposable
{
    private readonly LoopbackBlogs _blogs;
    private readonly string _hostId = "t" + Guid.NewGuid().ToString("N")[..30];
    private readonly List<FunctionsHostUnderTest> _instances = [];

    private QueueFleet(LoopbackBlogs blogs, string prefix)
    {
        _blogs = blogs;
        Prefix = prefix;
        Store = TableStorage.CreateStore(prefix);
    }

    public int FeedsPerBatch => 20;

    public string Prefix { get; }

    public TableClippingStore Store { get; }

    public IReadOnlyList<FunctionsHostUnderTest> Instances => _instances;

    public Dictionary<string, string> Settings => new()
    {
        ["Clipping__Storage__TablePrefix"] = Prefix,
        ["Clipping__Refresh__FeedsPerBatch"] = FeedsPerBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Clipping__Publishing__PageSize"] = "1000",
    };

    public QueueClient Queue(string suffix = "") =>
        new(TableStorage.ConnectionString, Prefix.ToLowerInvariant() + "-refresh" + suffix, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>The blogs registered and approved in a new store, and no instance started yet.</summary>
    public static async Task<QueueFleet> PrepareAsync(LoopbackBlogs blogs)
    {
        var fleet = new QueueFleet(blogs, TableStorage.UniquePrefix());
        await fleet.Store.InitializeAsync(CancellationToken.None);
        // Recorded as refreshed a moment ago, so an instance's start-up does not run one of its own.
        await fleet.Store.TryRecordRefreshStartAsync(null, DateTimeOffset.UtcNow, CancellationToken.None);
        await Parallel.ForEachAsync(blogs.Feeds, async (feed, token) =>
        {
            var url = feed.AbsoluteUri;
            await fleet.Store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), $"{feed.Host} {feed.AbsolutePath.Split('/')[1]}", null, url,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), token);
        });
        return fleet;
    }

    public static async Task<QueueFleet> StartAsync(LoopbackBlogs blogs, int instances)
    {
        var fleet = await PrepareAsync(blogs);
        try
        {
            await fleet.StartInstancesAsync(instances);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
        return fleet;
    }

    // One after the other: the run, not the start, is what has both instances at work.
    public async Task StartInstancesAsync(int count)
    {
        for (var i = 0; i < count; i++) _instances.Add(await FunctionsHostUnderTest.StartAsync(Settings, hostId: _hostId));
    }

    /// <summary>The front page lists every blog's tagged post once, newest first, and none of the others.</summary>
    public async Task AssertPageShowsEveryFeedOnceAsync(FunctionsHostUnderTest instance)
    {
        var page = await FixtureStory.PageAsync(instance.Http);
        Assert.Equal(_blogs.Feeds.Select(LoopbackBlogs.TitleOf), page.Select(a => a.Title));
        Assert.Equal(_blogs.Feeds.Count, await Store.CountClippingsAsync("big-society", CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
    }
}
