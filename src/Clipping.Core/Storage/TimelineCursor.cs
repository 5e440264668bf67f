using System.Globalization;

namespace Clipping.Storage;

/// <summary>A keyset paging token: the published ticks and key of the last clipping on the previous page.</summary>
internal readonly record struct TimelineCursor(long PublishedTicks, string Key)
{
    public static string After(Clippings.Clipping last) => After(last.Published.UtcTicks, last.Key);

    public static string After(long publishedTicks, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{publishedTicks}-{key}");

    public static bool TryParse(string? token, out TimelineCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token)) return false;
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !long.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return false;
        cursor = new TimelineCursor(ticks, token[(dash + 1)..]);
        return cursor.Key.Length > 0;
    }
}
