namespace Clipping.Storage.Archive;

/// <summary>What an import or a copy wrote, and how the target compared with its source afterwards.</summary>
public sealed record TransferReport(long Records, IReadOnlyDictionary<string, KindSummary> Written, IReadOnlyList<string> Differences)
{
    public bool Verified => Differences.Count == 0;
}

/// <summary>
/// Moving a whole site into a store: from an archive (<see cref="ImportAsync"/>) or straight from another store
/// (<see cref="CopyAsync"/>). Both write in batches through <see cref="IStoreContents.WriteAsync"/>, which replaces
/// records by identity, so a move killed at any moment and run again finishes with no duplicates. The target holds a
/// mark naming the move while it is under way: a rerun of the same move may go on into the half-filled store, anything
/// else is refused there as in any store that already holds a site.
/// </summary>
public static class StoreTransfer
{
    // Records per write: on Table Storage, enough rows for full transactions of a hundred, written several at once.
    private const int BatchSize = 500;

    /// <summary>Imports an archive into an empty store, after checking the whole archive first.</summary>
    public static async Task<TransferReport> ImportAsync(string path, IStoreContents target, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var header = await ArchiveFile.VerifyAsync(path, cancellationToken);
        var mark = $"import of an archive exported {header.Exported:O} ({string.Join(",", header.Records.Select(r => r.Value.Hash[..16]))})";
        if (await ClaimAsync(target, mark, () => Task.FromResult(header.Records), header.WithoutSecrets, cancellationToken) is { } already) return Done(already);
        var total = header.Records.Values.Sum(k => k.Count);
        var written = await WriteAsync(ArchiveFile.RecordsAsync(path, cancellationToken), target, total, progress, cancellationToken);
        // The archive's own lines are what the header counted; what the target holds now is compared the same way.
        var differences = ArchiveTally.Differences(header.Records, await TallyAsync(target, header.WithoutSecrets, cancellationToken));
        if (differences.Count == 0) await target.SetNoteAsync(StoreNotes.Transfer, null, cancellationToken);
        return new TransferReport(written.Total, written.Summaries, differences);
    }

    /// <summary>
    /// Merges an archive into a store that already holds a site (<see cref="StoreMerge"/>), after checking the whole
    /// archive first. Run again, it changes nothing.
    /// </summary>
    public static async Task<MergeReport> MergeAsync(string path, IClippingStore target, CancellationToken cancellationToken)
    {
        await ArchiveFile.VerifyAsync(path, cancellationToken);
        await target.InitializeAsync(cancellationToken);
        if (await ((IStoreContents)target).GetNoteAsync(StoreNotes.Transfer, cancellationToken) is { } unfinished)
        {
            throw new ArchiveException($"{target.Location} holds an unfinished {unfinished}: finish that one (run it again) before merging into it.");
        }
        return await StoreMerge.MergeAsync(ArchiveFile.RecordsAsync(path, cancellationToken), target, cancellationToken);
    }

    /// <summary>Copies every record of one store into another, then compares the two by count and hash.</summary>
    public static async Task<TransferReport> CopyAsync(IStoreContents source, IStoreContents target, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        if (await ClaimAsync(target, $"copy from {source.Location}", () => TallyAsync(source, false, cancellationToken), false, cancellationToken) is { } already)
        {
            return Done(already);
        }
        var total = await source.CountRecordsAsync(cancellationToken);
        var written = await WriteAsync(source.ReadAllAsync(cancellationToken), target, total, progress, cancellationToken);
        // Read both again: a site that wrote to the source meanwhile shows as a difference, and copying again catches up.
        var differences = ArchiveTally.Differences(await TallyAsync(source, false, cancellationToken), await TallyAsync(target, false, cancellationToken));
        if (differences.Count == 0) await target.SetNoteAsync(StoreNotes.Transfer, null, cancellationToken);
        return new TransferReport(written.Total, written.Summaries, differences);
    }

    /// <summary>Counts and hashes of a store's records, as an archive of it would list them.</summary>
    public static async Task<IReadOnlyDictionary<string, KindSummary>> TallyAsync(IStoreContents store, bool withoutSecrets, CancellationToken cancellationToken)
    {
        var tally = new ArchiveTally();
        await foreach (var record in store.ReadAllAsync(cancellationToken))
        {
            if (ArchiveFormat.Encode(record, withoutSecrets) is { } line) tally.Add(record.Kind, line);
        }
        return tally.Summaries;
    }

    /// <summary>
    /// Marks the target as this move's, or finds it already is (a rerun goes on): null then. When the target already
    /// holds exactly what the move would write (a rerun after the move finished), returns what it holds instead.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, KindSummary>?> ClaimAsync(
        IStoreContents target, string mark, Func<Task<IReadOnlyDictionary<string, KindSummary>>> expected, bool withoutSecrets, CancellationToken cancellationToken)
    {
        await target.InitializeAsync(cancellationToken);
        var existing = await target.GetNoteAsync(StoreNotes.Transfer, cancellationToken);
        if (existing == mark) return null;
        if (existing is not null)
        {
            throw new ArchiveException($"{target.Location} holds an unfinished {existing}: finish that one (run it again) before starting another.");
        }
        if (!await target.IsEmptyAsync(cancellationToken))
        {
            var held = await TallyAsync(target, withoutSecrets, cancellationToken);
            if (ArchiveTally.Differences(await expected(), held).Count == 0) return held;
            throw new ArchiveException($"{target.Location} already holds a site (contributors or clippings): import into an empty store, or merge with `clipping store import FILE --merge`.");
        }
        await target.SetNoteAsync(StoreNotes.Transfer, mark, cancellationToken);
        return null;
    }

    private static TransferReport Done(IReadOnlyDictionary<string, KindSummary> records) => new(0, records, []);

    private static async Task<ArchiveTally> WriteAsync(IAsyncEnumerable<StoredRecord> records, IStoreContents target, long? total, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var tally = new ArchiveTally();
        var batch = new List<StoredRecord>(BatchSize);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            batch.Add(record);
            tally.Add(record.Kind, ArchiveFormat.Encode(record, withoutSecrets: false)!);
            if (batch.Count == BatchSize)
            {
                await target.WriteAsync(batch, cancellationToken);
                batch.Clear();
                progress?.Invoke(tally.Total, total);
            }
        }
        if (batch.Count > 0) await target.WriteAsync(batch, cancellationToken);
        progress?.Invoke(tally.Total, total);
        return tally;
    }
}
