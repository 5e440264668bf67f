using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// Keeps refresh runs in one process from overlapping (the scheduler, the timer, the admin endpoint and the CLI share
/// it); runs in different processes leave each other's feeds alone through the store (see <see cref="RefreshRunner"/>).
/// </summary>
public sealed class RefreshCoordinator(
    RefreshRunner runner, Publishing.HubNotifier hub, WebSub.HubSubscriber subscriber, ILogger<RefreshCoordinator> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs a refresh now, or returns null at once when one is already running.</summary>
    public async Task<RefreshReport?> TryRunAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken)) return null;
        try
        {
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

    /// <summary>The most recent finished run in this process, for the status page.</summary>
    public RefreshReport? LastReport { get; private set; }
}
