using Clipping.Storage.Backups;

namespace Clipping.Host.Scheduling;

/// <summary>
/// Backs the store up into <c>Clipping:Backup:Directory</c> on <c>Clipping:Backup:Schedule</c> while the site runs;
/// off when no folder is set. A failed backup is logged and noted for <c>/manage</c>, and the schedule goes on.
/// </summary>
internal sealed class BackupScheduler(
    DirectoryBackups backups,
    BackupSchedule schedule,
    BackupOptions options,
    Clipping.Storage.IClippingStore store,
    TimeProvider time,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Directory)) return;
        logger.LogInformation("Backing up to {Directory} on schedule '{Schedule}', keeping {Keep}.", Path.GetFullPath(options.Directory), schedule.Expression, options.Keep);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (schedule.NextAfter(now) is not { } next) return;
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                var backup = await backups.TakeAsync(stoppingToken);
                if (backup.Verified) logger.LogInformation("Backup {Where} taken and verified: {Summary}.", backup.Where, backup.Summary);
                else logger.LogError("Backup {Where} did not verify: {Summary}. Older backups are kept.", backup.Where, backup.Summary);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Backup failed: {Message}", e.Message);
                try
                {
                    await BackupLog.RecordAsync((Clipping.Storage.Archive.IStoreContents)store,
                        new BackupRecord(time.GetUtcNow(), Path.GetFullPath(options.Directory), 0, false, e.Message), stoppingToken);
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store itself may be what failed; the log has it.
                }
            }
        }
    }
}
