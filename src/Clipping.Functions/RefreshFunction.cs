using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;

namespace Clipping.Functions;

/// <summary>
/// The scheduled refresh. Timer triggers are singletons in Azure Functions (one instance runs each occurrence, under
/// a blob lease), so runs never overlap across instances; the coordinator also keeps them from overlapping in one.
/// </summary>
public sealed class RefreshFunction(RefreshCoordinator refresh, StoreReadiness store, RenderCache cache, ILogger<RefreshFunction> logger)
{
    // host.json allows 10 minutes; stop a little before, so the run ends with its report rather than being killed.
    internal static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(9);

    [Function("Refresh")]
    public async Task Run([TimerTrigger("%Clipping:Refresh:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        // The host runs a missed occurrence as soon as it starts again, marked past due.
        if (timer.IsPastDue) logger.LogInformation("This refresh is past due: its scheduled time passed while the app was not running.");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(RunBudget);
        await store.WhenReadyAsync(budget.Token);
        var report = await refresh.TryRunAsync(budget.Token);
        if (report is null) logger.LogWarning("Skipped a refresh: the previous one is still running.");
        cache.Invalidate();
    }
}
