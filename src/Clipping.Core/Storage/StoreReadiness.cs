using Microsoft.Extensions.Logging;

namespace Clipping.Storage;

/// <summary>
/// The store's initialisation (creating its tables), begun in the background as a host starts and awaited by the first
/// request or run that needs the store, so start-up does not wait on storage round trips. A failed attempt (storage
/// unreachable) is tried again, but not by every request at once: for a few seconds after a failure, callers hear the
/// same failure at once instead of each waiting through the storage client's own retries.
/// </summary>
public sealed class StoreReadiness(IClippingStore store, TimeProvider time, ILogger<StoreReadiness> logger)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task? _ready;
    private long _failedAt;

    /// <summary>Starts initialising without waiting.</summary>
    public void Begin() => _ = Current();

    /// <summary>Completes when the store is ready; throws the store's error if it cannot be made ready now.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => Current().WaitAsync(cancellationToken);

    private Task Current()
    {
        lock (_lock)
        {
            var failed = _ready is { IsFaulted: true } or { IsCanceled: true };
            if (_ready is null || (failed && time.GetElapsedTime(Interlocked.Read(ref _failedAt)) >= RetryAfter)) _ready = AttemptAsync();
            return _ready;
        }
    }

    private async Task AttemptAsync()
    {
        try
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // Logged here, once per attempt, whoever was waiting (or nobody: a background start, a request that gave up).
            Interlocked.Exchange(ref _failedAt, time.GetTimestamp());
            logger.LogError(e, "The store could not be initialised: {Message}", e.GetBaseException().Message);
            throw;
        }
    }
}
