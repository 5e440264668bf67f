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
    public static string Timeline(Clippings.Clipping clipping) =>
        string.Create(CultureInfo.InvariantCulture, $"t|{DateTimeOffset.MaxValue.UtcTicks - clipping.Published.UtcTicks:D19}|{clipping.Key}");

    public const string TimelineStart = "t|";
    public const string TimelineEnd = "t}";

    /// <summary>A contributor's item, pointing at the clipping it became (item keys can be long URLs: they are hashed).</summary>
    public static string Source(string contributorId, string itemKey) => $"s|{contributorId}|{CanonicalUrl.Hash(itemKey)}";

    public static string SourcesStart(string contributorId) => $"s|{contributorId}|";
    public static string SourcesEnd(string contributorId) => $"s|{contributorId}}}";

    /// <summary>Keys may not hold '/', '\', '#', '?' or control characters; topic slugs and hashes never do.</summary>
    public static string Partition(string topic) => topic;
}
