using AngleSharp.Html.Parser;
using Clipping.Contributors;
using Clipping.Feeds.Fetching;

namespace Clipping.Faces;

/// <summary>What looking for a face found: the face, or none with what was tried and why each was refused.</summary>
public sealed record FaceSearch(Face? Face, IReadOnlyList<string> Refused);

/// <summary>
/// Looks for a contributor's face where blogs keep one, in order: the images their feed names for itself, the blog's
/// <c>&lt;link rel="icon"&gt;</c>, then <c>/favicon.ico</c> at its site. Everything goes through the guarded fetcher
/// (internal addresses refused, a deadline) with a 64 KB limit, and only a raster image recognised by its bytes is kept.
/// </summary>
public sealed class FaceFinder(FeedFetcher fetcher, TimeProvider time)
{
    /// <summary>The most addresses one search fetches, so a page naming fifty icons costs no more than this.</summary>
    private const int MaxTries = 5;

    public async Task<FaceSearch> FindAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        async Task<Face?> TryAsync(string url)
        {
            if (tried.Count >= MaxTries || !tried.Add(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
            var fetched = await fetcher.FetchAsync(uri, null, null, FaceImage.MaxBytes, cancellationToken);
            if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            {
                refused.Add($"{url}: {fetched.Error ?? "not found"}");
                return null;
            }
            var (type, refusal) = FaceImage.Recognise(fetched.Body);
            if (type is null)
            {
                refused.Add($"{url}: {refusal}");
                return null;
            }
            return new Face(type, fetched.Body, fetched.FinalUrl.AbsoluteUri, time.GetUtcNow());
        }

        foreach (var icon in contributor.State.Icons ?? [])
        {
            if (await TryAsync(icon) is { } face) return new FaceSearch(face, refused);
        }
        var site = Uri.TryCreate(contributor.SiteUrl, UriKind.Absolute, out var s) && s.Scheme is "http" or "https" ? s : null;
        if (site is not null)
        {
            foreach (var icon in await PageIconsAsync(site, cancellationToken))
            {
                if (await TryAsync(icon) is { } face) return new FaceSearch(face, refused);
            }
            if (await TryAsync(new Uri(site, "/favicon.ico").AbsoluteUri) is { } favicon) return new FaceSearch(favicon, refused);
        }
        return new FaceSearch(null, refused);
    }

    /// <summary>The icons the blog's front page names, raster and larger ones first; SVG ones are left out.</summary>
    private async Task<IReadOnlyList<string>> PageIconsAsync(Uri site, CancellationToken cancellationToken)
    {
        var page = await fetcher.FetchAsync(site, null, null, 1024 * 1024, cancellationToken);
        if (page.Status != FetchStatus.Fetched || page.Body is null) return [];
        using var html = new MemoryStream(page.Body, writable: false);
        var document = new HtmlParser().ParseDocument(html);
        return [.. document.QuerySelectorAll("link[rel][href]")
            .Where(l => l.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("icon", StringComparison.OrdinalIgnoreCase) || r.Equals("apple-touch-icon", StringComparison.OrdinalIgnoreCase)))
            .Where(l => !(l.GetAttribute("type") ?? "").Contains("svg", StringComparison.OrdinalIgnoreCase) && !l.GetAttribute("href")!.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(l => Size(l.GetAttribute("sizes")) is var size && size <= 192 ? size : 0)
            .Select(l => Uri.TryCreate(page.FinalUrl, l.GetAttribute("href"), out var u) ? u.AbsoluteUri : null)
            .OfType<string>()];
    }

    // "32x32" is 32; "any" or nothing counts as small. Past 192 pixels an icon is likely too heavy for the limit.
    private static int Size(string? sizes) =>
        sizes?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s.Split('x', 'X')[0], out var n) ? n : 0).DefaultIfEmpty(0).Max() ?? 0;
}
