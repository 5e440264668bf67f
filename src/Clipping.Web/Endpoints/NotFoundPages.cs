using System.Text;
using Clipping.Publishing;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// The page for an address with nothing at it: a 404 in the site's own frame that says what was not found and offers
/// the way back, for pages and feeds alike, and for any address no route knows.
/// </summary>
public static class NotFoundPages
{
    public static async Task<Rendering> RenderAsync(PageRenderer renderer, SiteFrame frame, string message) =>
        new(await renderer.RenderAsync<NotFoundPage>(new NotFoundModel(frame, message)), "text/html; charset=utf-8", StatusCodes.Status404NotFound);

    public static async Task<IResult> ResultAsync(HttpContext context, string message)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<SiteContext>();
        var rendering = await RenderAsync(services.GetRequiredService<PageRenderer>(), site.FrameFor(context.Request, site.Topics.Default), message);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.StatusCode = rendering.Status;
        return Results.Bytes(rendering.Body, rendering.ContentType);
    }

    /// <summary>Answers every address no other route serves, for any method, with the 404 page.</summary>
    public static IEndpointRouteBuilder MapNotFound(this IEndpointRouteBuilder app)
    {
        // Matched last: a catch-all has the lowest precedence, and the order puts it after every other route too.
        app.MapMethods("/" + RouteTemplates.NotFound, SiteRoutes.AnyMethod, (Delegate)((HttpContext context) =>
                ResultAsync(context, $"There is nothing at {Shorten(context.Request.Path.Value ?? "/")} on this site.")))
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);
        return app;
    }

    private static string Shorten(string path) => Content.OneLineText.Clean(path, 200);
}
