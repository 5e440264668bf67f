namespace Clipping.Storage.Archive;

/// <summary>
/// A store read and written whole, record by record, as it keeps them: what export, import, copy and verify work on.
/// Both stores implement it beside <see cref="IClippingStore"/>; it is kept apart because nothing else needs it.
/// </summary>
public interface IStoreContents
{
    /// <summary>Where the store is, for people.</summary>
    string Location { get; }

    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every record, kind by kind in <see cref="ArchiveKinds.All"/> order, streamed: never the whole store in memory.
    /// SQLite reads them in one transaction (one consistent snapshot); Table Storage has no snapshot, so a copy taken
    /// while the site writes is checked afterwards (see <see cref="StoreTransfer"/>).
    /// </summary>
    IAsyncEnumerable<StoredRecord> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes records as they are, replacing any with the same identity (a contributor's id, a clipping's topic and key,
    /// a seen item's topic, contributor and item): writing the same records twice leaves the store as writing them once.
    /// The store rebuilds what it derives from them (view entries, search text).
    /// </summary>
    Task WriteAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// What is wrong with what the store derives from its clippings (the views' entries, the search text), in plain
    /// words; empty when it agrees with them. For <c>clipping store verify</c> on a live store.
    /// </summary>
    Task<IReadOnlyList<string>> CheckViewsAsync(CancellationToken cancellationToken);

    /// <summary>How many records <see cref="ReadAllAsync"/> would list now, when the store can say cheaply (SQLite); else null.</summary>
    Task<long?> CountRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Whether the store holds no contributor and no clipping (a store only ever served holds its keys, which do not count).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A short note the store keeps about itself, outside the site's records: what an unfinished import or copy into it
    /// is doing (<see cref="StoreNotes.Transfer"/>), the last backup taken of it (<see cref="StoreNotes.Backup"/>). Null when none.
    /// </summary>
    Task<string?> GetNoteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces a note, or removes it given null.</summary>
    Task SetNoteAsync(string name, string? value, CancellationToken cancellationToken);

    /// <summary>
    /// The note's value; when there is none, keeps <paramref name="value"/> and returns it. Of several processes adding
    /// at once, one value is kept and every one of them gets that one.
    /// </summary>
    Task<string> GetOrAddNoteAsync(string name, string value, CancellationToken cancellationToken);
}

/// <summary>The names of the notes a store keeps about itself.</summary>
public static class StoreNotes
{
    /// <summary>The import or copy under way into this store, so the same one may go on when run again.</summary>
    public const string Transfer = "transfer";

    /// <summary>How many of its records the move under way has written, in its source's order.</summary>
    public const string TransferPosition = "transfer-position";

    /// <summary>The last backup of this store: when, where, and whether it verified (JSON).</summary>
    public const string Backup = "backup";

    /// <summary>The last scheduled send time the Functions app planned digests for (round-trip UTC).</summary>
    public const string DigestsPlanned = "digests-planned";
}
