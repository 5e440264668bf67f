namespace Clipping.Storage.Archive;

/// <summary>What an import or a copy wrote, and how the target compared with its source afterwards.</summary>
/// <param name="Records">Records written by this run.</param>
/// <param name="Resumed">Records an interrupted run of the same move had already written, which this one went past.</param>
/// <param name="AlreadyDone">The target held exactly these records before this run began: a move that had finished.</param>
public sealed record TransferReport(long Records, long Resumed, bool AlreadyDone, IReadOnlyDictionary<string, KindSummary> Written, IReadOnlyList<string> Differences)
{
    public bool Verified => Differences.Count == 0;
}

/// <summary>
/// Moving a whole site into a store: from an archive (<see cref="ImportAsync"/>) or straight from another store
/// (<see cref="CopyAsync"/>). Both write in batches through <see cref="IStoreContents.WriteAsync"/>, which replaces
/// records by identity, so a move killed at any moment and run again finishes with no duplicates. The target holds a
/// mark naming the move while it is under way: a rerun of the same move may go on into the half-filled store, anything
/// else is refused there as in any store that already holds a site. Beside the mark, the target keeps how many records
/// the move has written so far; both sources read in a fixed order, so a rerun goes past those without writing them
/// again. Should the source have changed in between, the comparison at the end says so and the next run writes all.
/// </summary>
public static class StoreTransfer
{
    // Records per write, and so the most a kill can cost: on Table Storage a clipping is twenty or thirty rows, so this
    // still fills dozens of transactions of a hundred, written several at once.
    private const int BatchSize = 200;

    /// <summary>Imports an archive into an empty store, after checking the whole archive first.</summary>
    public static async Task<TransferReport> ImportAsync(string path, IStoreContents target, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var header = await ArchiveFile.VerifyAsync(path, cancellationToken);
        var mark = $"import of an archive exported {header.Exported:O} ({string.Join(",", header.Records.Select(r => r.Value.Hash[..16]))})";
        var claim = await ClaimAsync(target, mark, () => Task.FromResult(header.Records), header.WithoutSecrets, cancellationToken);
        if (claim.Held is { } already) return Done(already);
        var total = header.Records.Values.Sum(k => k.Count);
        var written = await WriteAsync(ArchiveFile.RecordsAsync(path, cancellationToken), target, claim.Resume, total, progress, cancellationToken);
        // The archive's own lines are what the header counted; what the target holds now is compared the same way.
        var differences = ArchiveTally.Differences(header.Records, await TallyAsync(target, header.WithoutSecrets, cancellationToken));
        return await FinishAsync(target, written, claim.Resume, differences, cancellationToken);
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
        var claim = await ClaimAsync(target, $"copy from {source.Location}", () => TallyAsync(source, false, cancellationToken), false, cancellationToken);
        if (claim.Held is { } already) return Done(already);
        var total = await source.CountRecordsAsync(cancellationToken);
        var written = await WriteAsync(source.ReadAllAsync(cancellationToken), target, claim.Resume, total, progress, cancellationToken);
        // Read both again: a site that wrote to the source meanwhile shows as a difference, and copying again catches up.
        var differences = ArchiveTally.Differences(await TallyAsync(source, false, cancellationToken), await TallyAsync(target, false, cancellationToken));
        return await FinishAsync(target, written, claim.Resume, differences, cancellationToken);
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
    /// Marks the target as this move's, or finds it already is: a rerun goes on past the records the target says were
    /// written. When the target already holds exactly what the move would write (a rerun after the move finished),
    /// returns what it holds instead.
    /// </summary>
    private static async Task<Claim> ClaimAsync(
        IStoreContents target, string mark, Func<Task<IReadOnlyDictionary<string, KindSummary>>> expected, bool withoutSecrets, CancellationToken cancellationToken)
    {
        await target.InitializeAsync(cancellationToken);
        var existing = await target.GetNoteAsync(StoreNotes.Transfer, cancellationToken);
        if (existing == mark)
        {
            var position = await target.GetNoteAsync(StoreNotes.TransferPosition, cancellationToken);
            return new Claim(null, long.TryParse(position, System.Globalization.CultureInfo.InvariantCulture, out var resume) && resume > 0 ? resume : 0);
        }
        if (existing is not null)
        {
            throw new ArchiveException($"{target.Location} holds an unfinished {existing}: finish that one (run it again) before starting another.");
        }
        if (!await target.IsEmptyAsync(cancellationToken))
        {
            var held = await TallyAsync(target, withoutSecrets, cancellationToken);
            if (ArchiveTally.Differences(await expected(), held).Count == 0) return new Claim(held, 0);
            throw new ArchiveException($"{target.Location} already holds a site (contributors or clippings): import into an empty store, or merge with `clipping store import FILE --merge`.");
        }
        await target.SetNoteAsync(StoreNotes.TransferPosition, null, cancellationToken);
        await target.SetNoteAsync(StoreNotes.Transfer, mark, cancellationToken);
        return new Claim(null, 0);
    }

    /// <summary>What the target held already (a finished move), or how many records to go past (a rerun).</summary>
    private sealed record Claim(IReadOnlyDictionary<string, KindSummary>? Held, long Resume);

    private static TransferReport Done(IReadOnlyDictionary<string, KindSummary> records) => new(0, 0, AlreadyDone: true, records, []);

    /// <summary>
    /// A verified move takes its notes away. One that is not keeps its mark, so it may be run again, but not its
    /// position: whatever differs may lie before it, so the next run writes every record.
    /// </summary>
    private static async Task<TransferReport> FinishAsync(IStoreContents target, ArchiveTally written, long resumed, IReadOnlyList<string> differences, CancellationToken cancellationToken)
    {
        await target.SetNoteAsync(StoreNotes.TransferPosition, null, cancellationToken);
        if (differences.Count == 0) await target.SetNoteAsync(StoreNotes.Transfer, null, cancellationToken);
        return new TransferReport(written.Total - Math.Min(resumed, written.Total), Math.Min(resumed, written.Total), AlreadyDone: false, written.Summaries, differences);
    }

    /// <summary>
    /// Writes the records in batches, after going past the first <paramref name="skip"/> (an earlier run wrote them);
    /// each batch written moves the target's position note on, so a kill loses at most the batch under way.
    /// </summary>
    private static async Task<ArchiveTally> WriteAsync(IAsyncEnumerable<StoredRecord> records, IStoreContents target, long skip, long? total, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var tally = new ArchiveTally();
        var batch = new List<StoredRecord>(BatchSize);
        long seen = 0;
        if (skip == 0) progress?.Invoke(0, total);
        async Task WriteBatchAsync()
        {
            await target.WriteAsync(batch, cancellationToken);
            batch.Clear();
            await target.SetNoteAsync(StoreNotes.TransferPosition, seen.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            progress?.Invoke(seen, total);
        }
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            // Every record is counted and hashed, written or not: the tally describes the whole source.
            tally.Add(record.Kind, ArchiveFormat.Encode(record, withoutSecrets: false)!);
            if (++seen <= skip)
            {
                if (seen == skip) progress?.Invoke(skip, total);
                continue;
            }
            batch.Add(record);
            if (batch.Count == BatchSize) await WriteBatchAsync();
        }
        if (batch.Count > 0) await WriteBatchAsync();
        progress?.Invoke(seen, total);
        return tally;
    }
}
