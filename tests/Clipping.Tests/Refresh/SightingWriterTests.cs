using Clipping.Clippings;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Refresh;

/// <summary>A run's sightings reach the store in batches, each feed still told what became of its own posts.</summary>
public sealed class SightingWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Feeds_share_one_store_call_per_batch_and_each_hears_its_own_outcomes()
    {
        var (store, saves) = await RecordingStoreAsync();
        var writer = new SightingWriter(store, batchSize: 5);

        var first = await writer.QueueAsync("big-society", [Sighting("rich", "a"), Sighting("rich", "b")], CancellationToken.None);
        var second = await writer.QueueAsync("big-society", [Sighting("phil", "c"), Sighting("phil", "d")], CancellationToken.None);
        Assert.Empty(saves);
        Assert.False(first.IsCompleted);

        // The third feed fills the batch and writes it, the other feeds' posts with its own; one of its posts is one
        // the first feed also carried, which is merged into that clipping.
        var third = await writer.QueueAsync("big-society", [Sighting("david", "e"), Sighting("david", "a")], CancellationToken.None);
        Assert.Equal([6], saves);
        Assert.Equal([MergeOutcome.New, MergeOutcome.New], await first);
        Assert.Equal([MergeOutcome.New, MergeOutcome.New], await second);
        Assert.Equal([MergeOutcome.New, MergeOutcome.Merged], await third);

        var rest = await writer.QueueAsync("big-society", [Sighting("rich", "f")], CancellationToken.None);
        Assert.False(rest.IsCompleted);
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal([6, 1], saves);
        Assert.Equal([MergeOutcome.New], await rest);
        Assert.Equal(6, await store.CountClippingsAsync("big-society", CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_of_several_topics_is_written_topic_by_topic_and_each_feed_hears_its_own()
    {
        var (store, saves) = await RecordingStoreAsync();
        var writer = new SightingWriter(store, batchSize: 4);

        var society = await writer.QueueAsync("big-society", [Sighting("rich", "a")], CancellationToken.None);
        var localism = await writer.QueueAsync("localism", [Sighting("rich", "b") with { Topic = "localism" }, Sighting("rich", "a") with { Topic = "localism" }], CancellationToken.None);
        var again = await writer.QueueAsync("big-society", [Sighting("phil", "a")], CancellationToken.None);

        Assert.Equal([2, 2], saves.Order());
        Assert.Equal([MergeOutcome.New], await society);
        Assert.Equal([MergeOutcome.New, MergeOutcome.New], await localism);
        Assert.Equal([MergeOutcome.Merged], await again);
        Assert.Equal(1, await store.CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Equal(2, await store.CountClippingsAsync("localism", CancellationToken.None));
    }

    [Fact]
    public async Task Many_feeds_queueing_at_once_each_get_all_their_outcomes_and_nothing_is_left_unwritten()
    {
        var (store, saves) = await RecordingStoreAsync();
        var writer = new SightingWriter(store, batchSize: 7);

        var pending = await Task.WhenAll(Enumerable.Range(0, 40).Select(feed => Task.Run(async () =>
            await writer.QueueAsync("big-society", [Sighting($"c{feed}", $"p{feed}-1"), Sighting($"c{feed}", $"p{feed}-2"), Sighting($"c{feed}", "shared")], CancellationToken.None))));
        await writer.FlushAsync(CancellationToken.None);

        Assert.All(pending, p => Assert.True(p.IsCompletedSuccessfully));
        var outcomes = (await Task.WhenAll(pending)).Select(o => o.ToList()).ToList();
        Assert.All(outcomes, o => Assert.Equal([MergeOutcome.New, MergeOutcome.New], o.Take(2)));
        Assert.Equal(1, outcomes.Count(o => o[2] == MergeOutcome.New));
        Assert.Equal(39, outcomes.Count(o => o[2] == MergeOutcome.Merged));
        Assert.Equal(120, saves.Sum());
        Assert.Equal(81, await store.CountClippingsAsync("big-society", CancellationToken.None));
    }

    [Fact]
    public async Task A_store_failure_reaches_the_feed_that_wrote_the_batch_and_every_feed_in_it()
    {
        var (store, _) = await RecordingStoreAsync(fail: true);
        var writer = new SightingWriter(store, batchSize: 3);

        var first = await writer.QueueAsync("big-society", [Sighting("rich", "a"), Sighting("rich", "b")], CancellationToken.None);
        var error = await Assert.ThrowsAsync<IOException>(async () => await writer.QueueAsync("big-society", [Sighting("phil", "c")], CancellationToken.None));
        Assert.Equal("the store is down", error.Message);
        Assert.Same(error, await Assert.ThrowsAsync<IOException>(() => first));

        _ = await writer.QueueAsync("big-society", [Sighting("david", "d")], CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync(CancellationToken.None));
    }

    private static Sighting Sighting(string contributor, string slug) =>
        ClippingMergerTests.Sighting(contributor, $"https://news.example/{slug}", Now.AddHours(-slug[0]));

    private async Task<(IClippingStore Store, List<int> Saves)> RecordingStoreAsync(bool fail = false)
    {
        var inner = new SqliteClippingStore(Path.Combine(_folder.Path, "clipping.db"));
        await inner.InitializeAsync(CancellationToken.None);
        var (store, recording) = RecordingStore.Around(inner);
        recording.FailSaves = fail;
        return (store, recording.Saves);
    }

    public void Dispose() => _folder.Dispose();
}
