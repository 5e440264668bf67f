using System.Text.Json;
using Clipping.Storage.Archive;

namespace Clipping.Storage.Backups;

/// <summary>The last backup, noted in the store itself so <c>/manage</c> on any instance, of either host, can show it.</summary>
public static class BackupLog
{
    public static Task RecordAsync(IStoreContents store, BackupRecord record, CancellationToken cancellationToken) =>
        store.SetNoteAsync(StoreNotes.Backup, JsonSerializer.Serialize(record, StoreJson.Stored.BackupRecord), cancellationToken);

    /// <summary>The last backup noted in the store, or null (none taken, or a store that keeps no notes).</summary>
    public static async Task<BackupRecord?> LastAsync(IClippingStore store, CancellationToken cancellationToken) =>
        store is IStoreContents contents && await contents.GetNoteAsync(StoreNotes.Backup, cancellationToken) is { } json
            ? JsonSerializer.Deserialize(json, StoreJson.Stored.BackupRecord)
            : null;
}
