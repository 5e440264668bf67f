namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Makes the URLs a feed gives absolute.</summary>
internal static class FeedUrls
{
    /// <summary>An absolute http(s) URL, or null. Links and images are shown to readers, so "javascript:" and "file:" are never passed on.</summary>
    public static string? HttpUrl(string? raw, Uri? baseUri) => Resolve(raw, baseUri) is { } uri && IsHttp(uri) ? uri.AbsoluteUri : null;

    /// <summary>The URI <paramref name="raw"/> names, resolved against <paramref name="baseUri"/> when relative; null when it cannot be made absolute.</summary>
    public static Uri? Resolve(string? raw, Uri? baseUri)
    {
        var value = raw?.Trim();
        if (value is null) return null;
        // On Unix .NET reads "/path" as an absolute file: URI, so whether a URL is relative is decided by its scheme.
        if (HasScheme(value)) return Uri.TryCreate(value, UriKind.Absolute, out var absolute) ? absolute : null;
        if (baseUri is null) return null;
        return Uri.TryCreate(baseUri, value, out var resolved) ? resolved : null;
    }

    public static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static Uri? HttpUri(string? raw, Uri? baseUri) => Resolve(raw, baseUri) is { } uri && IsHttp(uri) ? uri : null;

    private static bool HasScheme(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetter(value[0])) return false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':') return true;
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return false;
    }
}
