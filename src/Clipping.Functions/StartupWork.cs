using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Microsoft.Extensions.Hosting;

namespace Clipping.Functions;

/// <summary>
/// What an instance does as it starts, none of it in the way of the worker's start: the store's initialisation begins
/// in the background, and once the store is ready a refresh runs if one is overdue (a fresh deployment, or a run missed
/// while the app was stopped). The store decides, so restarts and scale-out do not refresh again.
/// </summary>
internal sealed class StartupWork(StoreReadiness store, OverdueRefresh overdue, RenderCache cache, ClippingOptions options, ILogger<StartupWork> logger)
    : BackgroundService
{
    // Same limit as a timer run: this run is not a function invocation, but it should end as one would.
    private static readonly TimeSpan RunBudget = RefreshFunction.RunBudget;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Begin();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Refresh.Enabled) return;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        budget.CancelAfter(RunBudget);
        try
        {
            await store.WhenReadyAsync(budget.Token);
            if (await overdue.RunIfOverdueAsync(budget.Token) is not null) cache.Invalidate();
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The timer's next occurrence refreshes anyway; an instance must not stop over this.
            logger.LogError(e, "The start-up refresh check failed: {Message}", e.Message);
        }
    }
}
