using Clipping.Publishing;
using Clipping.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Clipping.Web.Endpoints;

/// <summary>One of the formats every view's feed comes in.</summary>
public sealed record FeedFormat(string File, Action<Stream, FeedView> Write, string ContentType, string BrowserContentType);

/// <summary>
/// The feed formats (RSS 2.0, Atom 1.0, JSON Feed 1.1). A browser opening a feed's link is sent the same bytes as a
/// type it displays (XML or JSON) instead of one it would download: feed readers get the registered types.
/// </summary>
public static class FeedFormats
{
    public static IReadOnlyList<FeedFormat> All { get; } =
    [
        new(RouteTemplates.Rss, RssFeedWriter.Write, RssFeedWriter.ContentType, "text/xml; charset=utf-8"),
        new(RouteTemplates.Atom, AtomFeedWriter.Write, AtomFeedWriter.ContentType, "text/xml; charset=utf-8"),
        new(RouteTemplates.JsonFeed, JsonFeedWriter.Write, JsonFeedWriter.ContentType, "application/json; charset=utf-8"),
    ];

    public static FeedFormat? Find(string file) => All.FirstOrDefault(f => f.File == file);

    /// <summary>
    /// Writes a view's feed of <paramref name="items"/> in <paramref name="format"/>: its page and own address made
    /// absolute, its title and id from the view. <paramref name="configure"/> adds what only some feeds carry.
    /// </summary>
    public static Rendering Render(Web.Views.ClippingView view, SiteInfo site, FeedFormat format, IReadOnlyList<Clippings.Clipping> items,
        Func<FeedView, FeedView>? configure = null)
    {
        var feed = new FeedView(
            site,
            view.Topic,
            new Uri(site.BaseUrl, view.PageUrl.TrimStart('/')),
            new Uri(site.BaseUrl, view.FeedUrl(format.File).TrimStart('/')),
            items,
            items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(c => c.Updated))
        {
            Title = view.FeedTitle,
            ViewKey = view.Key.Length == 0 ? null : view.Key,
        };
        using var output = new MemoryStream();
        format.Write(output, configure?.Invoke(feed) ?? feed);
        return new Rendering(output.ToArray(), format.ContentType);
    }

    /// <summary>
    /// The type to send a feed as: the browser's own type when the request is a browser opening it as a page (its
    /// Sec-Fetch-Dest says "document", or it asks for HTML first), else null for the feed's registered type.
    /// </summary>
    public static string? ForBrowser(HttpRequest request, RenderedResponse feed)
    {
        request.HttpContext.Response.Headers.Append(HeaderNames.Vary, "Accept, Sec-Fetch-Dest");
        if (feed.Status != StatusCodes.Status200OK) return null;
        var format = All.FirstOrDefault(f => f.ContentType == feed.ContentType);
        if (format is null) return null;
        var destination = request.Headers["Sec-Fetch-Dest"].ToString();
        var opensAsPage = destination.Length > 0
            ? destination == "document"
            : request.Headers.Accept.ToString().StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
        return opensAsPage ? format.BrowserContentType : null;
    }
}

/// <summary>The contributors' OPML, for readers who would rather follow each blog.</summary>
public static class FeedEndpoints
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapContributorsOpml(this IEndpointRouteBuilder app)
    {
        app.MapMethods(SiteRoutes.Opml, ReadRoutes.GetAndHead, async (HttpContext context, SiteContext site, IClippingStore store, RenderCache cache) =>
        {
            var siteInfo = site.SiteFor(context.Request);
            var rendered = await cache.GetAsync("opml", async cancellationToken =>
            {
                var contributors = await store.GetContributorsAsync(cancellationToken);
                using var output = new MemoryStream();
                OpmlWriter.Write(output, $"{siteInfo.Title}: contributors", contributors);
                return (output.ToArray(), OpmlWriter.ContentType);
            }, context.RequestAborted);
            return CachedResults.Send(context, rendered, MaxAge);
        });
        return app;
    }
}
