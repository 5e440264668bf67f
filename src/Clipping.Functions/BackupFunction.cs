using Clipping.Storage;

namespace Clipping.Functions;

/// <summary>
/// The scheduled backup (<c>Clipping:Backup:Schedule</c>, daily at 03:00 UTC in the template): a timer, so one
/// instance takes each occurrence. Off when the app has no Blob storage to write to.
/// </summary>
public sealed class BackupFunction(StoreReadiness store, ILogger<BackupFunction> logger, BlobBackups? backups = null)
{
    [Function("Backup")]
    public async Task Run([TimerTrigger("%Clipping:Backup:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (backups is null)
        {
            logger.LogWarning("No backup taken: the app has no storage account for its Blob container (AzureWebJobsStorage).");
            return;
        }
        await store.WhenReadyAsync(cancellationToken);
        var backup = await backups.TakeAsync(cancellationToken);
        if (backup.Verified) logger.LogInformation("Backup {Where} taken and verified: {Summary}.", backup.Where, backup.Summary);
        else logger.LogError("Backup did not verify and was not uploaded: {Summary}. Older backups are kept.", backup.Summary);
    }
}
