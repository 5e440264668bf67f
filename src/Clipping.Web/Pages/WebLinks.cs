namespace Clipping.Web.Pages;

/// <summary>
/// Links the pages may render: absolute http(s) only. What the store holds came from feeds and registrations, so a
/// "javascript:" address that slipped past them still never becomes a live link.
/// </summary>
public static class WebLinks
{
    public static string? Safe(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? parsed.AbsoluteUri
            : null;

    /// <summary>A site's host as people write it: "rich.example.org" for "https://www.rich.example.org/2010/10/".</summary>
    public static string DisplayHost(string url)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? Unicode(parsed.IdnHost) : url;
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }

    private static string Unicode(string idnHost)
    {
        try { return new System.Globalization.IdnMapping().GetUnicode(idnHost); }
        catch (ArgumentException) { return idnHost; }
    }
}
