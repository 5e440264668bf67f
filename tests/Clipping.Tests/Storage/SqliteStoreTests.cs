using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly SqliteClippingStore _store;

    public SqliteStoreTests()
    {
        _store = new SqliteClippingStore(Path.Combine(_folder.Path, "nested", "clipping.db"));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _folder.Dispose();

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
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteClippingStore(_store.DatabasePath)).ToList();
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
    }
}
