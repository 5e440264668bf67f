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
}
