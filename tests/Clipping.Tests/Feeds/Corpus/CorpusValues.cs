using System.Globalization;
using System.Text.RegularExpressions;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>
/// The normalisation applied to both sides before they are compared: text trimmed, with runs of whitespace as one
/// space (a reader cannot see the difference); URLs in their canonical absolute form; instants in UTC; lists as sets.
/// </summary>
internal static partial class CorpusValues
{
    public static string? Text(string? value)
    {
        var text = value is null ? null : Whitespace().Replace(value.Trim(), " ");
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static bool SameText(string expected, string? actual) => string.Equals(Text(expected), Text(actual), StringComparison.Ordinal);

    /// <summary>
    /// An absolute expected URL must be the URL Clipping gives. A relative one is all the project could say without a
    /// base, so the part it does give must be what Clipping's absolute URL resolves to: its base is not compared.
    /// </summary>
    public static bool SameLink(string expected, string? actual)
    {
        var want = expected.Trim();
        if (actual is null || !Uri.TryCreate(actual, UriKind.Absolute, out var got)) return false;
        if (IsAbsolute(want)) return Uri.TryCreate(want, UriKind.Absolute, out var wanted) && wanted.AbsoluteUri == got.AbsoluteUri;
        return Uri.TryCreate(got, want, out var resolved) && resolved.AbsoluteUri == got.AbsoluteUri;
    }

    public static bool SameInstant(DateTimeOffset expected, DateTimeOffset? actual) => actual is { } a && a.UtcDateTime == expected.UtcDateTime;

    /// <summary>Trimmed, without empties or repeats, compared as written (case too): tags and author names.</summary>
    public static bool SameSet(IEnumerable<string> expected, IEnumerable<string> actual) => Set(expected).SetEquals(Set(actual));

    /// <summary>Whether a list says anything once blanks are dropped: a list of blanks gives no value.</summary>
    public static bool AnyText(IEnumerable<string> values) => values.Any(static v => Text(v) is not null);

    public static string Show(IEnumerable<string> values) => "[" + string.Join(", ", Set(values).Order(StringComparer.Ordinal)) + "]";

    public static string Show(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) ?? "(none)";

    private static HashSet<string> Set(IEnumerable<string> values) => [.. values.Select(Text).OfType<string>()];

    /// <summary>On Unix .NET reads "/path" as an absolute file URI, so absoluteness is decided by the scheme.</summary>
    private static bool IsAbsolute(string url) => Scheme().IsMatch(url);

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();
}
