using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;

namespace Clipping.Functions;

/// <summary>
/// The scheduled refresh. Timer triggers are singletons in Azure Functions (one instance runs each occurrence, under
/// a blob lease), so runs never overlap across instances; the coordinator also keeps them from overlapping in one.
/// </summary>
public sealed class RefreshFunction(RefreshCoordinator refresh, OverdueRefresh overdue, StoreReadiness store, RenderCache cache, ILogger<RefreshFunction> logger)
{
    // host.json allows 10 minutes; stop a little before, so the run ends with its report rather than being killed.
    internal static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(9);

    [Function("Refresh")]
    public async Task Run([TimerTrigger("%Clipping:Refresh:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(RunBudget);
        await store.WhenReadyAsync(budget.Token);
        // The host runs an occurrence missed while the app was stopped as soon as it starts again, marked past due; an
        // instance's start-up may already have run it (OverdueRefresh), and the blogs need not be asked twice.
        if (timer.IsPastDue)
        {
            if (timer.ScheduleStatus?.Next is { } missed && await overdue.RanSinceAsync(missed, budget.Token))
            {
                logger.LogInformation("Past-due refresh for {Missed:u} skipped: an instance's start-up has already run it.", missed);
                return;
            }
            logger.LogInformation("This refresh is past due: its scheduled time passed while the app was not running.");
        }
        var report = await refresh.TryRunAsync(budget.Token);
        if (report is null) logger.LogWarning("Skipped a refresh: the previous one is still running.");
        cache.Invalidate();
    }
}
