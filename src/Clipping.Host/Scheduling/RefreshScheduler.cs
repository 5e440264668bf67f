using Clipping.Publishing;
using Clipping.Refresh;

namespace Clipping.Host.Scheduling;

/// <summary>
/// Refreshes on the configured NCRONTAB schedule (the same expression the Functions timer uses), once at start-up,
/// never two runs at once: a run still going when the next is due makes that one skip.
/// </summary>
internal sealed class RefreshScheduler(
    RefreshCoordinator refresh,
    RefreshSchedule schedule,
    RenderCache cache,
    ClippingOptions options,
    TimeProvider time,
    ILogger<RefreshScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Refresh.Enabled)
        {
            logger.LogInformation("Scheduled refresh is off (Clipping:Refresh:Enabled is false).");
            return;
        }
        logger.LogInformation("Refreshing on schedule '{Schedule}'.", schedule.Expression);
        if (options.Refresh.RunOnStartup) await RunAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (schedule.NextAfter(now) is not { } next) return;
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping is not a failure.
                return;
            }
            await RunAsync(stoppingToken);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await refresh.TryRunAsync(stoppingToken);
            if (report is null) logger.LogWarning("Skipped a scheduled refresh: the previous one is still running.");
            else cache.Invalidate();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A failed run (the store unreachable) must not stop the schedule: the next run may well succeed.
            logger.LogError(e, "Refresh failed: {Message}", e.Message);
        }
    }
}
