using Microsoft.Extensions.Logging;

namespace Clipping.Storage;

/// <summary>
/// The store's initialisation (creating its tables), begun in the background as a host starts and awaited by the first
/// request or run that needs the store, so start-up does not wait on storage round trips. A failed attempt (storage
/// unreachable) is tried again by the next caller rather than remembered.
/// </summary>
public sealed class StoreReadiness(IClippingStore store, ILogger<StoreReadiness> logger)
{
    private readonly Lock _lock = new();
    private Task? _ready;

    /// <summary>Starts initialising without waiting; a failure is logged here and met again by the next caller.</summary>
    public void Begin() => _ = Current().ContinueWith(
        t => logger.LogError(t.Exception!.GetBaseException(), "The store could not be initialised: {Message}", t.Exception!.GetBaseException().Message),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Completes when the store is ready; throws the store's error if it cannot be made ready now.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => Current().WaitAsync(cancellationToken);

    private Task Current()
    {
        lock (_lock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled) _ready = store.InitializeAsync(CancellationToken.None);
            return _ready;
        }
    }
}
