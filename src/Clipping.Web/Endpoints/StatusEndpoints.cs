using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clipping.Web.Endpoints;

/// <summary>Feed health for people (<c>/status</c>) and liveness for load balancers (<c>/health</c>).</summary>
public static class StatusEndpoints
{
    private const int RecentRuns = 5;

    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapRead(SiteRoutes.Status, async (HttpContext context, SiteContext site, IClippingStore store, RefreshLedger ledger, RefreshOptions refresh, WebSubOptions webSub, PageRenderer renderer, TimeProvider time) =>
        {
            var contributors = await store.GetContributorsAsync(context.RequestAborted);
            var runs = await ledger.GetRecentAsync(RecentRuns, context.RequestAborted);
            var subscriptions = await store.GetSubscriptionsAsync(context.RequestAborted);
            var model = new StatusModel(site.FrameFor(context.Request, site.Topics.Default), contributors, runs, refresh.MaxDuration, time.GetUtcNow(), subscriptions, webSub.PushedPollInterval);
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(await renderer.RenderAsync<StatusPage>(model), "text/html; charset=utf-8");
        });

        app.MapRead(SiteRoutes.Health, () => Results.Text("ok", "text/plain"));
        return app;
    }
}
