using System.Globalization;
using Clipping.Clippings;

namespace Clipping.Storage.Tables;

/// <summary>
/// Row keys of the clippings table. All rows of a topic share its partition, so a clipping, its timeline row and its
/// source index rows change together in one entity-group transaction.
/// </summary>
internal static class TableKeys
{
    /// <summary>The clipping itself: found by key when a sighting arrives.</summary>
    public static string Clipping(string key) => "id|" + key;

    /// <summary>
    /// The timeline row: inverted ticks first, so the newest clippings come first in key order and a page is one range query.
    /// </summary>
    public static string Timeline(Clippings.Clipping clipping) => TimelineStart + Position(clipping.Published.UtcTicks, clipping.Key);

    public const string TimelineStart = "t|";
    public const string TimelineEnd = "t}";

    /// <summary>
    /// Where a clipping sorts in any newest-first list: inverted published ticks, fixed width, then its key. Timeline
    /// and view entry rows end with it, so one range query reads a page of either, continuing from a cursor.
    /// </summary>
    public static string Position(long publishedTicks, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - publishedTicks:D19}|{key}");

    /// <summary>The published ticks and clipping key a position was made from.</summary>
    public static (long PublishedTicks, string Key) ParsePosition(string position) =>
        (DateTimeOffset.MaxValue.UtcTicks - long.Parse(position.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture), position[20..]);

    /// <summary>
    /// A clipping's row in a view (see <see cref="ViewEntries"/>): empty, its key alone says the clipping is listed
    /// under the entry, at its position. Read back, it is checked against the clipping, so a row left behind by an
    /// interrupted write never lists a clipping that no longer belongs.
    /// </summary>
    public static string Entry(string entry, Clippings.Clipping clipping) => EntryStart(entry) + Position(clipping.Published.UtcTicks, clipping.Key);

    public static string EntryStart(string entry) => $"x|{entry}|";
    public static string EntryEnd(string entry) => $"x|{entry}}}";

    /// <summary>A UTC month some clipping was published in: written with the clipping, never removed.</summary>
    public static string Month(DateTimeOffset published) =>
        string.Create(CultureInfo.InvariantCulture, $"m|{published.UtcDateTime.Year:D4}{published.UtcDateTime.Month:D2}");

    public const string MonthsStart = "m|";
    public const string MonthsEnd = "m}";

    /// <summary>A contributor's item, pointing at the clipping it became (item keys can be long URLs: they are hashed).</summary>
    public static string Source(string contributorId, string itemKey) => $"s|{contributorId}|{CanonicalUrl.Hash(itemKey)}";

    public static string SourcesStart(string contributorId) => $"s|{contributorId}|";
    public static string SourcesEnd(string contributorId) => $"s|{contributorId}}}";

    /// <summary>Keys may not hold '/', '\', '#', '?' or control characters; topic slugs and hashes never do.</summary>
    public static string Partition(string topic) => topic;
}
