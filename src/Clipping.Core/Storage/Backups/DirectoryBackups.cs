using Clipping.Storage.Archive;
using Clipping.Storage.Sqlite;

namespace Clipping.Storage.Backups;

/// <summary>
/// The self-host's backups, into a folder: a SQLite store is snapshotted with <c>VACUUM INTO</c> (one consistent
/// read while refreshes and readers go on, compacted as it is copied); any other store is written as a site archive.
/// Each backup is verified before older ones are deleted, so a bad backup never costs a good one, and the result is
/// noted in the store for <c>/manage</c>.
/// </summary>
public sealed class DirectoryBackups(IClippingStore store, BackupOptions options, TimeProvider clock)
{
    public async Task<BackupRecord> TakeAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Directory ?? throw new InvalidOperationException("Clipping:Backup:Directory is not set."));
        Directory.CreateDirectory(folder);
        var taken = clock.GetUtcNow();
        var contents = (IStoreContents)store;
        string path;
        if (store is SqliteClippingStore sqlite)
        {
            path = Path.Combine(folder, BackupNames.For(taken, ".db"));
            var partial = path + ".partial";
            File.Delete(partial);
            await sqlite.SnapshotToAsync(partial, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        else
        {
            path = Path.Combine(folder, BackupNames.For(taken, ".jsonl.gz"));
            await ArchiveFile.WriteAsync(contents, path, withoutSecrets: false, progress: null, clock, cancellationToken);
        }
        var (verified, summary) = await BackupVerification.VerifyAsync(path, cancellationToken);
        var record = new BackupRecord(taken, path, new FileInfo(path).Length, verified, summary);
        if (verified) Prune(folder);
        await BackupLog.RecordAsync(contents, record, cancellationToken);
        return record;
    }

    /// <summary>Keeps the newest <see cref="BackupOptions.Keep"/> backups.</summary>
    private void Prune(string folder)
    {
        var backups = Directory.EnumerateFiles(folder, BackupNames.Prefix + "*")
            .Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".jsonl.gz", StringComparison.Ordinal));
        foreach (var old in BackupNames.BeyondNewest(backups, options.Keep)) File.Delete(old);
    }
}
