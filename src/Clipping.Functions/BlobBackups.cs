using Azure.Identity;
using Azure.Storage.Blobs;
using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Storage.Backups;
using Microsoft.Extensions.Configuration;

namespace Clipping.Functions;

/// <summary>
/// The Functions app's backups: the site archive, written to a temporary file, verified there, then uploaded to a
/// Blob container in the app's own storage account (<c>Clipping:Backup:Container</c>). The newest
/// <c>Clipping:Backup:Keep</c> are kept; the template turns on blob soft delete and versioning, so a pruned or
/// overwritten backup can still be recovered for a while.
/// </summary>
public sealed class BlobBackups(BlobContainerClient container, IClippingStore store, BackupOptions options, TimeProvider clock)
{
    public async Task<BackupRecord> TakeAsync(CancellationToken cancellationToken)
    {
        var taken = clock.GetUtcNow();
        var name = BackupNames.For(taken, ".jsonl.gz");
        var contents = (IStoreContents)store;
        var local = Path.Combine(Path.GetTempPath(), "clipping-backup-" + Guid.NewGuid().ToString("N") + ".jsonl.gz");
        try
        {
            await ArchiveFile.WriteAsync(contents, local, withoutSecrets: false, progress: null, clock, cancellationToken);
            var (verified, summary) = await BackupVerification.VerifyAsync(local, cancellationToken);
            var where = $"{container.Uri.AbsoluteUri.TrimEnd('/')}/{name}";
            var bytes = new FileInfo(local).Length;
            if (verified)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await container.GetBlobClient(name).UploadAsync(local, overwrite: true, cancellationToken);
                await PruneAsync(cancellationToken);
            }
            else
            {
                // Not uploaded: an archive that does not verify must never push a good backup out of the kept ones.
                where = "(not uploaded) " + where;
            }
            var record = new BackupRecord(taken, where, bytes, verified, summary);
            await BackupLog.RecordAsync(contents, record, cancellationToken);
            return record;
        }
        finally
        {
            File.Delete(local);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, BackupNames.Prefix, cancellationToken)) names.Add(blob.Name);
        foreach (var old in BackupNames.BeyondNewest(names, options.Keep))
        {
            await container.DeleteBlobIfExistsAsync(old, cancellationToken: cancellationToken);
        }
    }

    /// <summary>The backup container in the host's storage account (AzureWebJobsStorage, by connection string or managed identity), or null without one.</summary>
    public static BlobContainerClient? ContainerFrom(IConfiguration configuration, string name)
    {
        if (configuration["AzureWebJobsStorage"] is { Length: > 0 } connectionString) return new BlobContainerClient(connectionString, name);
        var service = configuration["AzureWebJobsStorage:blobServiceUri"] is { Length: > 0 } uri ? uri
            : configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account ? $"https://{account}.blob.core.windows.net"
            : null;
        if (service is null) return null;
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"] });
        return new BlobContainerClient(new Uri(service.TrimEnd('/') + "/" + name), credential);
    }
}
