using Clipping.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clipping.Web.Endpoints;

/// <summary>The site's own files (its style sheet and icons), built into the assembly and served from the cache.</summary>
public static class AssetEndpoints
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder app)
    {
        app.MapMethods(SiteRoutes.StyleSheet, ReadRoutes.GetAndHead, (HttpContext context, RenderCache cache) => SendAsync(context, cache, "site.css", "text/css; charset=utf-8"));
        app.MapMethods(SiteRoutes.Favicon, ReadRoutes.GetAndHead, (HttpContext context, RenderCache cache) => SendAsync(context, cache, "favicon.ico", "image/x-icon"));
        app.MapMethods(SiteRoutes.FaviconSvg, ReadRoutes.GetAndHead, (HttpContext context, RenderCache cache) => SendAsync(context, cache, "favicon.svg", "image/svg+xml"));
        return app;
    }

    private static async Task<IResult> SendAsync(HttpContext context, RenderCache cache, string name, string contentType)
    {
        var rendered = await cache.GetAsync("asset|" + name, async _ =>
        {
            await using var stream = typeof(AssetEndpoints).Assembly.GetManifestResourceStream("Clipping.Web.Assets." + name)!;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, CancellationToken.None);
            return (copy.ToArray(), contentType);
        }, context.RequestAborted);
        return CachedResults.Send(context, rendered, MaxAge);
    }
}
