using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Storage;

/// <summary>SQLite, the embedded default, held to the contract.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override IClippingStore CreateStore() => new SqliteClippingStore(Path.Combine(_folder.Path, "nested", "clipping.db"));

    public void Dispose() => _folder.Dispose();
}

/// <summary>Azure Table Storage, the production store, held to the same contract against Azurite.</summary>
public sealed class TableStoreContractTests : StoreContractTests
{
    private readonly string _prefix = TableStorage.UniquePrefix();

    protected override IClippingStore CreateStore() => TableStorage.CreateStore(_prefix);
}

/// <summary>
/// Every behaviour the core relies on from a store, run against each implementation: what one passes, the other must.
/// <see cref="CreateStore"/> returns a new client of the same underlying data each time, as another process would have.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private IClippingStore _store = default!;

    protected abstract IClippingStore CreateStore();

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.InitializeAsync(CancellationToken.None);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Email_subscribers_are_saved_only_if_unchanged_since_read_and_found_by_address()
    {
        var list = (Clipping.Email.IMailingList)_store;
        var other = (Clipping.Email.IMailingList)CreateStore();
        Clipping.Email.Subscriber Reader(string address, string view) => new(Clipping.Email.SubscriberIds.For(address, view), address, view,
            Clipping.Email.DigestFrequency.Daily, Clipping.Email.SubscriberState.Pending, "stamp", Now);

        var saved = await list.SaveSubscriberAsync(Reader("Ann@example.org", "/"), CancellationToken.None);
        Assert.NotNull(saved?.Version);
        // A second insert of the same reader and view changes nothing.
        Assert.Null(await other.SaveSubscriberAsync(Reader("ann@example.org", "/") with { Frequency = Clipping.Email.DigestFrequency.Weekly }, CancellationToken.None));
        Assert.NotNull(await list.SaveSubscriberAsync(Reader("ann@example.org", "/tags/libraries"), CancellationToken.None));
        Assert.NotNull(await list.SaveSubscriberAsync(Reader("bob@example.org", "/"), CancellationToken.None));

        // Of two writers holding the same version, one wins; the other is told, and changes nothing.
        var read = (await other.GetSubscriberAsync(saved!.Id, CancellationToken.None))!;
        var first = await list.SaveSubscriberAsync(read with { Period = "2026-11-22" }, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await other.SaveSubscriberAsync(read with { Period = "2026-11-22", Refusals = 9 }, CancellationToken.None));
        Assert.NotNull(await other.SaveSubscriberAsync(first! with { Refusals = 1 }, CancellationToken.None));
        var now = (await list.GetSubscriberAsync(saved.Id, CancellationToken.None))!;
        Assert.Equal(("Ann@example.org", "2026-11-22", 1, Clipping.Email.DigestFrequency.Daily), (now.Address, now.Period, now.Refusals, now.Frequency));

        // Every subscription of one address, whatever its case; every subscriber; then one gone.
        Assert.Equal(["/", "/tags/libraries"], (await list.GetSubscribersAsync(Clipping.Email.SubscriberIds.AddressKeyOf("ANN@example.org"), CancellationToken.None)).Select(s => s.View).Order());
        Assert.Equal(3, (await list.GetSubscribersAsync(null, CancellationToken.None)).Count);
        await list.DeleteSubscriberAsync(saved.Id, CancellationToken.None);
        await list.DeleteSubscriberAsync(saved.Id, CancellationToken.None);
        Assert.Null(await other.GetSubscriberAsync(saved.Id, CancellationToken.None));
        Assert.Null(await list.SaveSubscriberAsync(now, CancellationToken.None)); // gone: an update finds nothing to update
        Assert.Equal(2, (await list.GetSubscribersAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Clippings_page_newest_first_by_continuation()
    {
        var sightings = Enumerable.Range(0, 25).Select(i => ClippingMergerTests.Sighting("rich", $"https://rich.example/{i}", Now.AddHours(-i))).ToList();
        Assert.All(await _store.SaveSightingsAsync("big-society", sightings, CancellationToken.None), o => Assert.Equal(MergeOutcome.New, o));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _store.GetClippingsAsync("big-society", 10, token, CancellationToken.None);
            seen.AddRange(page.Items.Select(c => c.Link!));
            token = page.Continuation;
        } while (token is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"https://rich.example/{i}"), seen);
        Assert.Equal(25, await _store.CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Empty((await _store.GetClippingsAsync("other-topic", 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Saving_the_same_url_from_two_contributors_at_once_gives_one_clipping()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();
        await Task.WhenAll(stores.Select((store, i) => store.SaveSightingsAsync("big-society",
            [ClippingMergerTests.Sighting($"c{i}", "https://shared.example/post", Now.AddDays(-i))], CancellationToken.None)));

        var page = await _store.GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        var clipping = Assert.Single(page.Items);
        Assert.Equal(["c3", "c2", "c1", "c0"], clipping.Sources.Select(s => s.ContributorId));
    }

    [Fact]
    public async Task The_same_item_is_found_by_its_id_even_when_its_link_changed()
    {
        var first = ClippingMergerTests.Sighting("rich", "https://rich.example/old-slug", Now.AddDays(-1)) with { ItemKey = "guid-1" };
        await _store.SaveSightingsAsync("big-society", [first], CancellationToken.None);
        var moved = ClippingMergerTests.Sighting("rich", "https://rich.example/new-slug", Now.AddDays(-1)) with { ItemKey = "guid-1" };
        Assert.Equal([MergeOutcome.Updated], await _store.SaveSightingsAsync("big-society", [moved], CancellationToken.None));

        var clipping = Assert.Single((await _store.GetClippingsAsync("big-society", 10, null, CancellationToken.None)).Items);
        Assert.Equal("https://rich.example/new-slug", clipping.Link);
    }

    [Fact]
    public async Task Contributors_keep_their_registration_and_polling_state()
    {
        var contributor = new Contributor("abc", "Rich", "https://rich.example/", "https://rich.example/feed/", ContributorStatus.Pending,
            FeedMode.TaggedPosts, null, Now, FeedState.New);
        var stampBefore = await _store.GetChangeStampAsync(CancellationToken.None);
        Assert.True(await _store.AddContributorAsync(contributor, CancellationToken.None));
        Assert.False(await _store.AddContributorAsync(contributor with { Name = "Other" }, CancellationToken.None));
        Assert.NotEqual(stampBefore, await _store.GetChangeStampAsync(CancellationToken.None));

        await _store.UpdateContributorAsync(contributor with { Status = ContributorStatus.Approved }, CancellationToken.None);
        var state = new FeedState(ETag: "\"x\"", LastModified: "Mon, 25 Oct 2010 12:00:00 GMT", LastSuccess: Now, ConsecutiveFailures: 0, Warnings: ["cut short"]);
        await _store.SaveFeedStatesAsync([new("abc", state), new("missing", state)], CancellationToken.None);

        var read = await _store.GetContributorAsync("abc", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("Rich", read.Name);
        Assert.Equal(ContributorStatus.Approved, read.Status);
        Assert.Equal("\"x\"", read.State.ETag);
        Assert.Equal(["cut short"], read.State.Warnings);
        Assert.Equal(Now, read.State.LastSuccess);
        Assert.Null(await _store.GetContributorAsync("missing", CancellationToken.None));

        // A refresh batch's contributors, read at once: those that exist, whatever the others.
        await _store.AddContributorAsync(contributor with { Id = "def", FeedUrl = "https://other.example/feed" }, CancellationToken.None);
        var batch = await CreateStore().GetContributorsAsync(["missing", "def", "abc"], CancellationToken.None);
        Assert.Equal(["abc", "def"], batch.Select(c => c.Id).Order());
        Assert.Equal("\"x\"", batch.Single(c => c.Id == "abc").State.ETag);
        Assert.Equal(601, (await _store.GetContributorsAsync([.. Enumerable.Range(0, 600).Select(i => $"none-{i}"), "abc"], CancellationToken.None)).Count + 600);
    }

    [Fact]
    public async Task An_earlier_source_moves_the_clipping_down_the_timeline_without_leaving_a_copy()
    {
        await _store.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("rich", "https://rich.example/a", Now.AddDays(-1))], CancellationToken.None);
        await _store.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("phil", "https://phil.example/b", Now.AddDays(-3))], CancellationToken.None);
        Assert.Equal([MergeOutcome.Merged], await _store.SaveSightingsAsync("big-society",
            [ClippingMergerTests.Sighting("david", "https://rich.example/a", Now.AddDays(-5))], CancellationToken.None));

        var page = await _store.GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        Assert.Equal(["https://phil.example/b", "https://rich.example/a"], page.Items.Select(c => c.Link));
        Assert.Equal(Now.AddDays(-5), page.Items[1].Published);
        Assert.Equal(2, await _store.CountClippingsAsync("big-society", CancellationToken.None));
    }

    [Fact]
    public async Task Source_hashes_are_remembered_per_contributor_and_topic()
    {
        var sighting = ClippingMergerTests.Sighting("rich", "https://rich.example/a", Now) with { ItemKey = "guid-7", SourceHash = "abc" };
        await _store.SaveSightingsAsync("big-society", [sighting], CancellationToken.None);
        Assert.Equal("abc", (await _store.GetSourceHashesAsync("big-society", "rich", CancellationToken.None))["guid-7"]);
        Assert.Empty(await _store.GetSourceHashesAsync("big-society", "phil", CancellationToken.None));
        Assert.Empty(await _store.GetSourceHashesAsync("localism", "rich", CancellationToken.None));

        await _store.SaveSightingsAsync("big-society", [sighting with { SourceHash = "def", ContentHtml = "<p>new</p>" }], CancellationToken.None);
        Assert.Equal("def", (await _store.GetSourceHashesAsync("big-society", "rich", CancellationToken.None))["guid-7"]);
    }

    [Fact]
    public async Task The_change_stamp_moves_only_when_readers_would_see_a_change()
    {
        var before = await _store.GetChangeStampAsync(CancellationToken.None);
        var sighting = ClippingMergerTests.Sighting("rich", "https://rich.example/a", Now);
        await _store.SaveSightingsAsync("big-society", [sighting], CancellationToken.None);
        var afterNew = await _store.GetChangeStampAsync(CancellationToken.None);
        Assert.NotEqual(before, afterNew);

        Assert.Equal([MergeOutcome.Unchanged], await _store.SaveSightingsAsync("big-society", [sighting], CancellationToken.None));
        Assert.Equal(afterNew, await _store.GetChangeStampAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Of_several_processes_recording_the_same_refresh_start_exactly_one_succeeds()
    {
        Assert.Null(await _store.GetLastRefreshStartAsync(CancellationToken.None));
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();

        var firsts = await Task.WhenAll(stores.Select((store, i) => store.TryRecordRefreshStartAsync(null, Now.AddSeconds(i), CancellationToken.None)));
        Assert.Single(firsts, won => won);
        var recorded = await _store.GetLastRefreshStartAsync(CancellationToken.None);
        Assert.Equal(Now.AddSeconds(Array.IndexOf(firsts, true)), recorded);

        var seconds = await Task.WhenAll(stores.Select((store, i) => store.TryRecordRefreshStartAsync(recorded, Now.AddMinutes(15).AddSeconds(i), CancellationToken.None)));
        Assert.Single(seconds, won => won);
        var latest = await _store.GetLastRefreshStartAsync(CancellationToken.None);
        Assert.Equal(Now.AddMinutes(15).AddSeconds(Array.IndexOf(seconds, true)), latest);

        // A process that read an older start (or none) loses, and changes nothing.
        Assert.False(await _store.TryRecordRefreshStartAsync(recorded, Now.AddHours(1), CancellationToken.None));
        Assert.False(await _store.TryRecordRefreshStartAsync(null, Now.AddHours(1), CancellationToken.None));
        Assert.Equal(latest, await _store.GetLastRefreshStartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_refresh_start_read_back_can_be_compared_and_replaced_at_a_real_clock_s_precision()
    {
        var started = Now.AddTicks(1_234_567);
        Assert.True(await _store.TryRecordRefreshStartAsync(null, started, CancellationToken.None));
        var read = await CreateStore().GetLastRefreshStartAsync(CancellationToken.None);
        Assert.NotNull(read);
        Assert.InRange(read.Value, started.AddMilliseconds(-1), started);
        Assert.True(await CreateStore().TryRecordRefreshStartAsync(read, started.AddMinutes(15).AddTicks(7), CancellationToken.None));
    }

    [Fact]
    public async Task A_contributor_goes_from_pending_to_approved_to_removed()
    {
        var contributor = new Contributor("c1", "Phil", null, "https://phil.example/feed", ContributorStatus.Pending, FeedMode.AllPosts, "big-society", Now, FeedState.New);
        var other = contributor with { Id = "c0", Name = "Ann", RegisteredAt = Now.AddDays(-1) };
        Assert.True(await _store.AddContributorAsync(contributor, CancellationToken.None));
        Assert.True(await _store.AddContributorAsync(other, CancellationToken.None));

        foreach (var status in new[] { ContributorStatus.Approved, ContributorStatus.Removed })
        {
            await _store.UpdateContributorAsync(contributor with { Status = status }, CancellationToken.None);
            Assert.Equal(status, (await _store.GetContributorAsync("c1", CancellationToken.None))!.Status);
        }
        var all = await _store.GetContributorsAsync(CancellationToken.None);
        Assert.Equal(["c0", "c1"], all.Select(c => c.Id));
        Assert.Equal(FeedMode.AllPosts, all[1].Mode);
        Assert.Equal("big-society", all[1].Topic);
        Assert.Equal(Now, all[1].RegisteredAt);
    }

    [Fact]
    public async Task Feed_states_of_many_feeds_are_saved_in_one_call()
    {
        var ids = Enumerable.Range(0, 150).Select(i => $"c{i:000}").ToList();
        foreach (var id in ids)
        {
            await _store.AddContributorAsync(new Contributor(id, id, null, $"https://{id}.example/feed", ContributorStatus.Approved,
                FeedMode.TaggedPosts, null, Now, FeedState.New), CancellationToken.None);
        }
        await _store.SaveFeedStatesAsync(ids.Select(id => new KeyValuePair<string, FeedState>(id, new FeedState(ETag: $"\"{id}\"", ConsecutiveFailures: 2)))
            .Append(new("deleted-meanwhile", FeedState.New)).ToList(), CancellationToken.None);

        var all = await _store.GetContributorsAsync(CancellationToken.None);
        Assert.Equal(150, all.Count);
        Assert.All(all, c => Assert.Equal($"\"{c.Id}\"", c.State.ETag));
        Assert.All(all, c => Assert.Equal(2, c.State.ConsecutiveFailures));
        Assert.Equal("c000", all[0].Name);
    }

    [Fact]
    public async Task Refresh_runs_are_recorded_newest_first_replaced_when_they_end_and_the_oldest_dropped()
    {
        var first = Clipping.Refresh.RefreshRun.Planned("run-1", Now, 8);
        await _store.SaveRunAsync(first, CancellationToken.None);
        var second = Clipping.Refresh.RefreshRun.Planned("run-2", Now.AddMinutes(15), 8);
        await CreateStore().SaveRunAsync(second, CancellationToken.None);
        await _store.SaveRunAsync(first with { Finished = Now.AddSeconds(3), FeedsDone = 8, ClippingsNew = 9 }, CancellationToken.None);

        var runs = await CreateStore().GetRecentRunsAsync(5, CancellationToken.None);
        Assert.Equal(["run-2", "run-1"], runs.Select(r => r.Id));
        Assert.True(runs[0].InFlight);
        Assert.Equal((8, 9, Now.AddSeconds(3)), (runs[1].FeedsDone, runs[1].ClippingsNew, runs[1].Finished!.Value));

        for (var i = 0; i < Clipping.Refresh.RefreshRun.Kept + 5; i++)
        {
            await _store.SaveRunAsync(Clipping.Refresh.RefreshRun.Planned($"later-{i:D3}", Now.AddDays(1).AddMinutes(i), 1) with { Finished = Now.AddDays(1).AddMinutes(i) }, CancellationToken.None);
        }
        var kept = await _store.GetRecentRunsAsync(1000, CancellationToken.None);
        Assert.Equal(Clipping.Refresh.RefreshRun.Kept, kept.Count);
        Assert.Equal($"later-{Clipping.Refresh.RefreshRun.Kept + 4:D3}", kept[0].Id);
    }

    [Fact]
    public async Task A_runs_plan_is_read_back_by_batch_replaced_when_saved_again_and_dropped_when_the_run_ends()
    {
        var run = Clipping.Refresh.RefreshRun.Planned("run-p", Now, 5, batches: 2);
        await _store.SaveRunAsync(run, CancellationToken.None);
        await _store.SaveRunPlanAsync("run-p", [["a1", "a2", "a3"], ["b1"]], CancellationToken.None);
        Assert.Equal([["a1", "a2", "a3"], ["b1"]], await CreateStore().GetRunPlanAsync("run-p", CancellationToken.None));
        Assert.Empty(await _store.GetRunPlanAsync("run-other", CancellationToken.None));

        // Planned again (it lost its claim to another run): the new plan replaces the old one whole.
        await CreateStore().SaveRunPlanAsync("run-p", [["c1"]], CancellationToken.None);
        Assert.Equal([["c1"]], await _store.GetRunPlanAsync("run-p", CancellationToken.None));

        await _store.SaveRunAsync(run with { Finished = Now.AddSeconds(5) }, CancellationToken.None);
        Assert.Empty(await CreateStore().GetRunPlanAsync("run-p", CancellationToken.None));
    }

    [Fact]
    public async Task A_runs_batches_are_recorded_once_each_read_back_in_order_and_dropped_with_the_run()
    {
        var run = Clipping.Refresh.RefreshRun.Planned("run-b", Now, 30, batches: 3);
        await _store.SaveRunAsync(run, CancellationToken.None);
        Assert.Equal(run, await CreateStore().GetRunAsync("run-b", Now, CancellationToken.None));
        Assert.Null(await _store.GetRunAsync("no-such-run", Now, CancellationToken.None));

        var second = new Clipping.Refresh.RefreshBatchResult(1, 10, 8, 1, 1, 0, 5, 1, 0, Now.AddSeconds(4));
        Assert.True(await _store.SaveRunBatchAsync("run-b", second, CancellationToken.None));
        // A second delivery of the same batch, with other counts: the first result stands.
        Assert.False(await CreateStore().SaveRunBatchAsync("run-b", second with { New = 0, NotModified = 9, Fetched = 0 }, CancellationToken.None));
        var first = new Clipping.Refresh.RefreshBatchResult(0, 10, 10, 0, 0, 0, 10, 0, 0, Now.AddSeconds(6), Error: "given up");
        Assert.True(await _store.SaveRunBatchAsync("run-b", first, CancellationToken.None));
        Assert.Equal([first, second], await CreateStore().GetRunBatchesAsync("run-b", CancellationToken.None));
        Assert.Empty(await _store.GetRunBatchesAsync("run-other", CancellationToken.None));

        for (var i = 0; i < Clipping.Refresh.RefreshRun.Kept; i++)
        {
            await _store.SaveRunAsync(Clipping.Refresh.RefreshRun.Planned($"later-{i:D3}", Now.AddDays(1).AddMinutes(i), 1) with { Finished = Now.AddDays(1).AddMinutes(i) }, CancellationToken.None);
        }
        Assert.Null(await _store.GetRunAsync("run-b", Now, CancellationToken.None));
        Assert.Empty(await _store.GetRunBatchesAsync("run-b", CancellationToken.None));
    }

    [Fact]
    public async Task Protection_keys_are_kept_for_every_process_sharing_the_store()
    {
        Assert.Empty(await _store.GetProtectionKeysAsync(CancellationToken.None));
        await _store.SaveProtectionKeyAsync("key-1", "<key id=\"1\" />", CancellationToken.None);
        await CreateStore().SaveProtectionKeyAsync("key-2", "<key id=\"2\" />", CancellationToken.None);
        Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], (await CreateStore().GetProtectionKeysAsync(CancellationToken.None)).Order());
    }

    [Fact]
    public async Task Huge_content_is_kept_whole_or_trimmed_deliberately_never_refused()
    {
        var html = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"<p>{i}</p>"));
        var sighting = ClippingMergerTests.Sighting("rich", "https://rich.example/huge", Now) with { ContentHtml = html };
        Assert.Equal([MergeOutcome.New], await _store.SaveSightingsAsync("big-society", [sighting], CancellationToken.None));
        var stored = Assert.Single((await _store.GetClippingsAsync("big-society", 10, null, CancellationToken.None)).Items);
        Assert.StartsWith("<p>0</p><p>1</p>", stored.ContentHtml, StringComparison.Ordinal);
        Assert.True(stored.ContentHtml == html || stored.ContentHtml.EndsWith("<p>\u2026</p>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_large_batch_with_a_link_listed_twice_saves_each_clipping_once()
    {
        var sightings = Enumerable.Range(0, 60).Select(i => ClippingMergerTests.Sighting("rich", $"https://rich.example/{i}", Now.AddHours(-i))).ToList();
        sightings.Add(ClippingMergerTests.Sighting("rich", "https://rich.example/7?utm_source=feed", Now.AddHours(-7)) with { ItemKey = "another-guid" });
        var outcomes = await _store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);

        Assert.Equal(60, outcomes.Count(o => o == MergeOutcome.New));
        Assert.Equal(60, await _store.CountClippingsAsync("big-society", CancellationToken.None));
        var page = await _store.GetClippingsAsync("big-society", 100, null, CancellationToken.None);
        Assert.Equal(60, page.Items.Select(c => c.Key).Distinct().Count());
        Assert.Null(page.Continuation);
    }
}
