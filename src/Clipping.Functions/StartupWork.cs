using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Web;
using Microsoft.Extensions.Hosting;

namespace Clipping.Functions;

/// <summary>
/// What an instance does as it starts, none of it in the way of the worker's start: the store's initialisation begins
/// in the background; once the store is ready the front page is rendered once, while the host is still starting its
/// listeners (seconds in which the worker would otherwise sit idle), so the first reader is not the one who pays for
/// the first query and render; then a refresh runs if one is overdue (a fresh deployment, or a run missed while the
/// app was stopped). The store decides that, so restarts and scale-out do not refresh again.
/// </summary>
internal sealed class StartupWork(
    StoreReadiness store, SitePipeline site, OverdueRefresh overdue, RenderCache cache, ClippingOptions options, IServiceProvider services,
    IHostApplicationLifetime lifetime, ILogger<StartupWork> logger)
    : BackgroundService
{
    // Same limit as a timer run: this run is not a function invocation, but it should end as one would.
    private static readonly TimeSpan RunBudget = RefreshFunction.RunBudget;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A mistake in a setting read lazily (a time zone, the topics) stops the worker now, with its message.
        ClippingServices.CheckSettings(services);
        store.Begin();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.WhenReadyAsync(stoppingToken);
            await site.WarmUpAsync(stoppingToken);
        }
        catch (StoreVersionException e)
        {
            // A newer Clipping's store: this worker would misread it, so it stops rather than serve or refresh from it.
            logger.LogCritical("The app cannot start: {Message}", e.Message);
            // Also where the host shows a worker's own output, in case the log has not reached it before the worker stops.
            Console.Error.WriteLine($"The app cannot start: {e.Message}");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Only speed is lost: the first request does the same work and reports its own failure.
            logger.LogWarning(e, "Warming up the front page failed: {Message}", e.Message);
        }

        if (!options.Refresh.Enabled) return;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        budget.CancelAfter(RunBudget);
        try
        {
            await store.WhenReadyAsync(budget.Token);
            // Only what readers see needs re-rendering; keeping the warmed page when nothing changed keeps it warm.
            if (await overdue.RunIfOverdueAsync(budget.Token) is { } report && report.ClippingsNew + report.ClippingsUpdated + report.ClippingsMerged > 0)
            {
                cache.Invalidate();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            logger.LogWarning("The start-up refresh stopped at its time limit ({Budget}); the next scheduled run carries on.", RunBudget);
        }
        catch (Exception e)
        {
            // The timer's next occurrence refreshes anyway; an instance must not stop over this.
            logger.LogError(e, "The start-up refresh check failed: {Message}", e.Message);
        }
    }
}
