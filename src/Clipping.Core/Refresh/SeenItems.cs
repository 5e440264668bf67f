using System.Buffers.Binary;
using Clipping.Feeds.Parsing;

namespace Clipping.Refresh;

/// <summary>
/// A feed's items as last read, by fingerprint (see <see cref="KnownItems"/>), each with whether it matched a topic:
/// kept in the feed's polling state so the next run reads only new and changed items and still counts the rest.
/// </summary>
/// <remarks>Stored as base64, 12 characters an item, and capped so the state stays far below a Table property's 32K characters.</remarks>
public sealed class SeenItems
{
    public const int MaxItems = 1000;
    private const int EntryBytes = 9;

    private readonly Dictionary<ulong, bool> _matched;

    private SeenItems(Dictionary<ulong, bool> matched) => _matched = matched;

    public static SeenItems Empty { get; } = new([]);

    /// <summary>Reads the stored form; anything unreadable counts as nothing seen, which only costs a full read.</summary>
    public static SeenItems Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return Empty;
        var bytes = new byte[stored.Length * 3 / 4];
        if (!Convert.TryFromBase64String(stored, bytes, out var length) || length % EntryBytes != 0) return Empty;
        var matched = new Dictionary<ulong, bool>(length / EntryBytes);
        for (var offset = 0; offset < length; offset += EntryBytes)
        {
            matched[BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset))] = bytes[offset + 8] != 0;
        }
        return new SeenItems(matched);
    }

    public KnownItems Known(string seed) => new(seed, _matched.Keys.ToHashSet());

    /// <summary>Whether the item with this fingerprint matched when it was read; false for an unknown one.</summary>
    public bool Matched(ulong fingerprint) => _matched.GetValueOrDefault(fingerprint);

    /// <summary>The stored form of the given items, in order; items past <see cref="MaxItems"/> are left out (and read again next time).</summary>
    public static string? Store(IEnumerable<(ulong Fingerprint, bool Matched)> items)
    {
        var bytes = new List<byte>();
        Span<byte> entry = stackalloc byte[EntryBytes];
        foreach (var (fingerprint, matched) in items.Take(MaxItems))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entry, fingerprint);
            entry[8] = matched ? (byte)1 : (byte)0;
            bytes.AddRange(entry);
        }
        return bytes.Count == 0 ? null : Convert.ToBase64String(bytes.ToArray());
    }
}
