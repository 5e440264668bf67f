using Clipping.Email;
using Clipping.Publishing;

namespace Clipping.Host.Scheduling;

/// <summary>
/// Sends email digests on <c>Clipping:Email:Schedule</c> (in the site's time zone) while the site runs: daily ones at
/// each send time, weekly ones on Mondays. Off until email is set up. A send that fails is logged and the schedule goes
/// on; each digest is claimed in the store first, so instances sharing a store send it once.
/// </summary>
internal sealed class DigestScheduler(
    Digests digests,
    DigestSchedule schedule,
    EmailOptions options,
    SiteTime siteTime,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        logger.LogInformation("Sending email digests on schedule '{Schedule}' ({Zone} time).", schedule.Expression, siteTime.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (schedule.NextAfter(now) is not { } next) return;
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                var report = await digests.SendDueAsync(next, DigestPeriod.DueAt(next, siteTime.Zone), stoppingToken);
                logger.LogInformation("Digests: {Sent} sent, {Empty} with nothing new, {Failed} failed for now, {Refused} refused ({Suspended} suspended), {Skipped} sent already.",
                    report.Sent, report.Empty, report.Failed, report.Refused, report.Suspended, report.Skipped);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending digests failed: {Message}", e.Message);
            }
        }
    }
}
