using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// Keeps refresh runs in one process from overlapping (the scheduler, the timer, the admin endpoint and the CLI share
/// it), and records each run's start in the store, so other instances and later starts know when the last one began.
/// </summary>
public sealed class RefreshCoordinator(
    RefreshRunner runner, IClippingStore store, Publishing.HubNotifier hub, WebSub.HubSubscriber subscriber, TimeProvider time, ILogger<RefreshCoordinator> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs a refresh now, or returns null at once when one is already running.</summary>
    public Task<RefreshReport?> TryRunAsync(CancellationToken cancellationToken) => TryRunAsync(startRecorded: false, cancellationToken);

    /// <param name="startRecorded">True when the caller has already recorded this run's start (a catch-up run claims it first).</param>
    internal async Task<RefreshReport?> TryRunAsync(bool startRecorded, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken)) return null;
        try
        {
            if (!startRecorded) await RecordStartAsync(cancellationToken);
            var report = await runner.RunAsync(cancellationToken);
            if (!report.IsQueued)
            {
                LastReport = report;
                // Subscribers hear of a change as soon as it is stored, from whichever host ran the refresh.
                await hub.NotifyAsync(report.Feeds, cancellationToken);
            }
            await MaintainSubscriptionsAsync(cancellationToken);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    // After the run, which has just read which hubs the feeds name. Best effort: the next run tries again.
    private async Task MaintainSubscriptionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await subscriber.MaintainAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not bring the WebSub subscriptions up to date: {Message}", e.GetBaseException().Message);
        }
    }

    // Best effort: losing the race to another instance's start changes nothing (both are within moments of each other),
    // and a store that cannot record the start is met again by the run itself, which reports it as the run's failure.
    private async Task RecordStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var previous = await store.GetLastRefreshStartAsync(cancellationToken);
            await store.TryRecordRefreshStartAsync(previous, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not record this refresh's start: {Message}", e.GetBaseException().Message);
        }
    }

    /// <summary>The most recent finished run in this process, for the status page.</summary>
    public RefreshReport? LastReport { get; private set; }
}
