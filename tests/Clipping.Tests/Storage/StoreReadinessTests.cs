using Clipping.Storage;
using Clipping.Storage.Sqlite;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipping.Tests.Storage;

/// <summary>The store's initialisation in the background: awaited by whoever needs it, retried after a failure, but not by every caller at once.</summary>
public sealed class StoreReadinessTests
{
    [Fact]
    public async Task A_failure_is_reported_at_once_for_a_few_seconds_then_tried_again_and_success_is_kept()
    {
        using var folder = new TempDirectory();
        var (store, recording) = RecordingStore.Around(new SqliteClippingStore(Path.Combine(folder.Path, "clipping.db")));
        recording.FailInitialize = true;
        var clock = new ManualTimestamps();
        var readiness = new StoreReadiness(store, clock, NullLogger<StoreReadiness>.Instance);

        readiness.Begin();
        await Assert.ThrowsAsync<IOException>(() => readiness.WhenReadyAsync(CancellationToken.None));
        recording.FailInitialize = false;

        // Callers within the retry interval hear the same failure without a new attempt each.
        clock.Advance(StoreReadiness.RetryAfter - TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<IOException>(() => readiness.WhenReadyAsync(CancellationToken.None));
        Assert.Equal(1, recording.Initializations);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await readiness.WhenReadyAsync(CancellationToken.None);
        await readiness.WhenReadyAsync(CancellationToken.None);
        Assert.Equal(2, recording.Initializations);
    }

    private sealed class ManualTimestamps : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
