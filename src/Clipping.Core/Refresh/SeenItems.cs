using System.Buffers.Binary;
using Clipping.Feeds.Parsing;

namespace Clipping.Refresh;

/// <summary>
/// A feed's items as last read, by fingerprint (see <see cref="KnownItems"/>), each with whether it matched a topic and
/// a hash of its id: kept in the feed's polling state so the next run reads only new and changed items, still counts
/// the rest, and still knows their ids when it tells the new ones apart (a feed may give every item the same guid).
/// </summary>
/// <remarks>
/// Stored as base64, about 18 characters an item, the feed's first <see cref="MaxItems"/> only, so the state stays far
/// below a Table property's 32K characters; items past that are read every time, which costs time, never correctness.
/// </remarks>
public sealed class SeenItems
{
    public const int MaxItems = 500;
    private const int EntryBytes = 13;

    private readonly Dictionary<ulong, Entry> _entries;

    private SeenItems(Dictionary<ulong, Entry> entries) => _entries = entries;

    public static SeenItems Empty { get; } = new([]);

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>One item as remembered.</summary>
    /// <param name="IdHash">See <see cref="Clippings.ItemKeys.HashOfId"/>; 0 when the item has no id.</param>
    public readonly record struct Entry(ulong Fingerprint, bool Matched, uint IdHash);

    /// <summary>Reads the stored form; anything unreadable counts as nothing seen, which only costs a full read.</summary>
    public static SeenItems Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return Empty;
        var bytes = new byte[stored.Length * 3 / 4];
        if (!Convert.TryFromBase64String(stored, bytes, out var length) || length % EntryBytes != 0) return Empty;
        var entries = new Dictionary<ulong, Entry>(length / EntryBytes);
        for (var offset = 0; offset < length; offset += EntryBytes)
        {
            var entry = new Entry(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset)),
                bytes[offset + 8] != 0,
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 9)));
            entries[entry.Fingerprint] = entry;
        }
        return new SeenItems(entries);
    }

    public KnownItems Known(string seed) => new(seed, _entries.Keys.ToHashSet());

    /// <summary>The remembered item with this fingerprint; a default entry (not matched, no id) for an unknown one.</summary>
    public Entry this[ulong fingerprint] => _entries.TryGetValue(fingerprint, out var entry) ? entry with { Fingerprint = fingerprint } : new Entry(fingerprint, false, 0);

    /// <summary>The stored form of the given items, in feed order; items past <see cref="MaxItems"/> are left out.</summary>
    public static string? Store(IEnumerable<Entry> items)
    {
        var bytes = new List<byte>();
        Span<byte> entry = stackalloc byte[EntryBytes];
        foreach (var item in items.Take(MaxItems))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entry, item.Fingerprint);
            entry[8] = item.Matched ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[9..], item.IdHash);
            bytes.AddRange(entry);
        }
        return bytes.Count == 0 ? null : Convert.ToBase64String(bytes.ToArray());
    }
}
