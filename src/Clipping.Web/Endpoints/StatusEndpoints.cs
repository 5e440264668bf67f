using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>Feed health for people (<c>/status</c>) and liveness for load balancers (<c>/health</c>).</summary>
public static class StatusEndpoints
{
    private const int RecentRuns = 5;

    // Feed health changes with every refresh, here or on another instance, without the store's change stamp (which
    // follows what readers of the clippings see) moving; so the page is rendered again at most this often, and every
    // request in between, however many, is served the same cached bytes with their ETag.
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapMethods(SiteRoutes.Status, ReadRoutes.GetAndHead, async (HttpContext context, SiteContext site, RenderCache cache) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            var services = context.RequestServices;
            var rendered = await cache.GetAsync($"status|{frame.Site.BaseUrl}", c => RenderAsync(services, frame, c), context.RequestAborted,
                chosenByClient: site.AddressFromRequest, freshFor: Freshness);
            return CachedResults.Send(context, rendered, Freshness);
        });

        app.MapMethods(SiteRoutes.Health, ReadRoutes.GetAndHead, () => Results.Text("ok", "text/plain"));
        return app;
    }

    private static async Task<Rendering> RenderAsync(IServiceProvider services, SiteFrame frame, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IClippingStore>();
        var contributors = await store.GetContributorsAsync(cancellationToken);
        var runs = await services.GetRequiredService<RefreshLedger>().GetRecentAsync(RecentRuns, cancellationToken);
        var subscriptions = await store.GetSubscriptionsAsync(cancellationToken);
        var model = new StatusModel(frame, contributors, runs, services.GetRequiredService<RefreshOptions>().MaxDuration,
            services.GetRequiredService<TimeProvider>().GetUtcNow(), subscriptions, services.GetRequiredService<WebSubOptions>().PushedPollInterval);
        return new Rendering(await services.GetRequiredService<PageRenderer>().RenderAsync<StatusPage>(model), "text/html; charset=utf-8");
    }
}
