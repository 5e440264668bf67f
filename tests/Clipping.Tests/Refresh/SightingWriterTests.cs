using System.Reflection;
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
        var store = DispatchProxy.Create<IClippingStore, RecordingStore>();
        var recording = (RecordingStore)(object)store;
        recording.Inner = inner;
        recording.Fail = fail;
        return (store, recording.Saves);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The real store, noting the size of each batch of sightings it is given (or failing them all).</summary>
    public class RecordingStore : DispatchProxy
    {
        public IClippingStore Inner { get; set; } = default!;
        public bool Fail { get; set; }
        public List<int> Saves { get; } = [];

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == nameof(IClippingStore.SaveSightingsAsync))
            {
                if (Fail) return Task.FromException<IReadOnlyList<MergeOutcome>>(new IOException("the store is down"));
                lock (Saves) Saves.Add(((IReadOnlyList<Sighting>)args![1]!).Count);
            }
            return method.Invoke(Inner, args);
        }
    }
}
