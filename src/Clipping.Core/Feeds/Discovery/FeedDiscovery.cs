using AngleSharp.Html.Parser;
using Clipping.Topics;

namespace Clipping.Feeds.Discovery;

/// <summary>A feed a web page names in a <c>&lt;link rel="alternate"&gt;</c>.</summary>
/// <param name="IsComments">A comments feed: never offered by default, since it carries readers' comments, not posts.</param>
/// <param name="IsAboutTopic">Its title or address names one of the site's topics (a tag or category feed).</param>
public sealed record DiscoveredFeed(Uri Url, string? Title, string Type, bool IsComments, bool IsAboutTopic);

/// <summary>Feed autodiscovery: reads a page's alternate links and ranks them for registration.</summary>
public static class FeedDiscovery
{
    private static readonly string[] FeedTypes =
    [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json", "application/json",
        "application/xml", "text/xml", "application/x.atom+xml", "application/x-atom+xml",
    ];

    /// <summary>The page's feeds, best first: feeds about a topic, then the main feed; comment feeds last.</summary>
    /// <param name="html">The page as served; AngleSharp reads its charset from the bytes as a browser would.</param>
    public static IReadOnlyList<DiscoveredFeed> Discover(Stream html, Uri pageUrl, IReadOnlyList<Topic> topics)
    {
        var document = new HtmlParser().ParseDocument(html);
        var baseUrl = pageUrl;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && Uri.TryCreate(pageUrl, baseHref, out var declaredBase))
        {
            baseUrl = declaredBase;
        }

        var found = new List<DiscoveredFeed>();
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = link.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase)) continue;
            var type = (link.GetAttribute("type") ?? "").Split(';')[0].Trim().ToLowerInvariant();
            if (!FeedTypes.Contains(type)) continue;
            if (!Uri.TryCreate(baseUrl, link.GetAttribute("href")!.Trim(), out var url)) continue;
            if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) continue;
            if (found.Any(f => f.Url == url)) continue;

            var title = link.GetAttribute("title")?.Trim();
            found.Add(new DiscoveredFeed(url, string.IsNullOrEmpty(title) ? null : title, type,
                IsComments(url, title), TopicMention.Names(topics, url, title)));
        }
        return found
            .Select((feed, order) => (feed, order))
            .OrderBy(x => x.feed.IsComments)
            .ThenByDescending(x => x.feed.IsAboutTopic)
            .ThenBy(x => x.order)
            .Select(x => x.feed)
            .ToList();
    }

    private static bool IsComments(Uri url, string? title) =>
        url.AbsolutePath.Contains("/comments/", StringComparison.OrdinalIgnoreCase)
        || url.AbsolutePath.EndsWith("/comments", StringComparison.OrdinalIgnoreCase)
        || (title?.Contains("comments", StringComparison.OrdinalIgnoreCase) ?? false);
}
