namespace Clipping.Storage;

/// <summary>
/// The store was written by a newer Clipping than this one. Both stores record the version of their layout (SQLite:
/// <c>PRAGMA user_version</c>; Table Storage: the <c>meta/views</c> row) and follow one rule: an older layout is brought
/// up to date when the store is opened, a newer one is refused, because this Clipping would misread what it does not
/// understand and could write over it.
/// </summary>
public sealed class StoreVersionException(string location, long found, long known)
    : Exception($"{location} was written by a newer Clipping (store layout version {found}; this Clipping knows up to version {known}). " +
                "Run the newer Clipping on it, or restore a backup taken before the newer one ran.")
{
    public static void ThrowIfNewer(string location, long found, long known)
    {
        if (found > known) throw new StoreVersionException(location, found, known);
    }
}
