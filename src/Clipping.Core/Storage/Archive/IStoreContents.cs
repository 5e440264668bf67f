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

    /// <summary>Whether the store holds no contributor and no clipping (a store only ever served holds its keys, which do not count).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>What an unfinished import or copy into this store recorded it was doing, or null.</summary>
    Task<string?> GetTransferMarkAsync(CancellationToken cancellationToken);

    /// <summary>Records (or, given null, clears) what an import or copy into this store is doing, so a rerun can tell it may go on.</summary>
    Task SetTransferMarkAsync(string? mark, CancellationToken cancellationToken);
}
