using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Clipping.Web.Endpoints;

/// <summary>The joint clipping page, per topic, paged; rendered once per change and served from the cache.</summary>
public static class PageEndpoints
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapClippingPages(this IEndpointRouteBuilder app)
    {
        app.MapRead(SiteRoutes.Page, (HttpContext context, string? after, SiteContext site, IClippingStore store, RenderCache cache, PageRenderer renderer, IOptions<ClippingOptions> options) =>
            ServeAsync(context, site.Topics.Default, after, site, store, cache, renderer, options.Value.Publishing));

        app.MapRead(SiteRoutes.TopicPage, (HttpContext context, string slug, string? after, SiteContext site, IClippingStore store, RenderCache cache, PageRenderer renderer, IOptions<ClippingOptions> options) =>
            site.Topics.Find(slug) is { } topic
                ? ServeAsync(context, topic, after, site, store, cache, renderer, options.Value.Publishing)
                : Task.FromResult(Results.NotFound($"There is no topic '{slug}' on this site.")));

        app.MapRead(SiteRoutes.StyleSheet, (HttpContext context, RenderCache cache, CancellationToken cancellationToken) =>
            SendStyleSheetAsync(context, cache, cancellationToken));
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, Topic topic, string? after, SiteContext site, IClippingStore store,
        RenderCache cache, PageRenderer renderer, PublishingOptions options)
    {
        var frame = site.FrameFor(context.Request, topic);
        var key = $"page|{frame.Site.BaseUrl}|{topic.Slug}|{after}";
        var rendered = await cache.GetAsync(key, async cancellationToken =>
        {
            var page = await store.GetClippingsAsync(topic.Slug, options.PageSize, after, cancellationToken);
            var total = await store.CountClippingsAsync(topic.Slug, cancellationToken);
            var contributors = (await store.GetContributorsAsync(cancellationToken))
                .Where(c => c.Status == ContributorStatus.Approved)
                .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
                .ToList();
            var older = page.Continuation is null ? null : $"{SiteRoutes.PageOf(topic, site.Topics)}?after={Uri.EscapeDataString(page.Continuation)}";
            var model = new ClippingsModel(frame, page.Items, string.IsNullOrEmpty(after), older, total, contributors);
            return (await renderer.RenderAsync<ClippingsPage>(model), "text/html; charset=utf-8");
        }, context.RequestAborted);
        return CachedResults.Send(context, rendered, MaxAge);
    }

    private static async Task<IResult> SendStyleSheetAsync(HttpContext context, RenderCache cache, CancellationToken cancellationToken)
    {
        var rendered = await cache.GetAsync("asset|site.css", async _ =>
        {
            await using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream("Clipping.Web.Assets.site.css")!;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, CancellationToken.None);
            return (copy.ToArray(), "text/css; charset=utf-8");
        }, cancellationToken);
        return CachedResults.Send(context, rendered, TimeSpan.FromHours(1));
    }
}
