using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>Registration: the form for people and the JSON endpoint for scripts. Both store the contributor as pending.</summary>
public static class RegistrationEndpoints
{
    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder app)
    {
        app.MapRead(SiteRoutes.Register, async (HttpContext context, SiteContext site, PageRenderer renderer) =>
            Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(site.FrameFor(context.Request, site.Topics.Default)))));

        app.MapPost(SiteRoutes.Register, async (HttpContext context, SiteContext site, Registration registration, PageRenderer renderer, RenderCache cache) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            var (form, problem) = await RegistrationInput.ReadFormAsync(context);
            if (problem is not null)
            {
                return await ErrorPageAsync(context, problem.Message, problem.Status);
            }
            var request = form!;
            try
            {
                await registration.EnsureRoomAsync(context.RequestAborted);
                var result = await registration.RegisterAsync(request, approve: false, context.RequestAborted);
                cache.Invalidate();
                return Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(frame, Result: result)), StatusCodes.Status201Created);
            }
            catch (RegistrationBusyException e)
            {
                await RegistrationLimits.TooManyAsync(context, e.Message, e.RetryAfter);
                return Results.Empty;
            }
            catch (RegistrationException e)
            {
                // What was typed goes back into the form, no longer than the form accepts it.
                var model = new RegisterModel(frame, RegistrationInput.Bounded(request.Name, Registration.MaxNameLength),
                    RegistrationInput.Bounded(request.Url, Registration.MaxUrlLength), request.AllPosts == true, e.Message);
                return Html(await renderer.RenderAsync<RegisterPage>(model), StatusCodes.Status400BadRequest);
            }
        }).DisableAntiforgery().AddEndpointFilter(SameOriginForms.RequireSameOrigin).RequireRateLimiting(RegistrationLimits.Policy);

        app.MapPost(SiteRoutes.RegisterApi, async (HttpContext context, Registration registration, RenderCache cache) =>
        {
            var (request, problem) = await RegistrationInput.ReadJsonAsync(context);
            if (problem is not null) return Results.Json(new { error = problem.Message }, statusCode: problem.Status);
            try
            {
                await registration.EnsureRoomAsync(context.RequestAborted);
                var result = await registration.RegisterAsync(request!, approve: false, context.RequestAborted);
                cache.Invalidate();
                return Results.Created($"{SiteRoutes.ManageContributors}/{result.Contributor.Id}", RegistrationJson.From(result));
            }
            catch (RegistrationBusyException e)
            {
                await RegistrationLimits.TooManyAsync(context, e.Message, e.RetryAfter);
                return Results.Empty;
            }
            catch (RegistrationException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        }).RequireRateLimiting(RegistrationLimits.Policy);
        return app;
    }

    /// <summary>The registration page with a message instead of the outcome: for every refusal of a form post.</summary>
    internal static async Task<IResult> ErrorPageAsync(HttpContext context, string message, int status)
    {
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        var page = await context.RequestServices.GetRequiredService<PageRenderer>()
            .RenderAsync<RegisterPage>(new RegisterModel(site.FrameFor(context.Request, site.Topics.Default), Error: message));
        return Html(page, status);
    }

    private static IResult Html(byte[] body, int status = StatusCodes.Status200OK) =>
        Results.Content(System.Text.Encoding.UTF8.GetString(body), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

/// <summary>The JSON shape of a registration's outcome.</summary>
public sealed record RegistrationJson(
    string Id, string Name, string FeedUrl, string? SiteUrl, string Status, string Mode, string? FeedTitle,
    int PostsInFeed, int PostsMatching, string? DiscoveredFrom, IReadOnlyList<string> Alternatives, IReadOnlyList<string> Warnings)
{
    public static RegistrationJson From(RegistrationResult r) => new(
        r.Contributor.Id, r.Contributor.Name, r.Contributor.FeedUrl, r.Contributor.SiteUrl,
        r.Contributor.Status.ToString().ToLowerInvariant(), r.Contributor.Mode == FeedMode.AllPosts ? "all-posts" : "tagged-posts",
        r.FeedTitle, r.PostsInFeed, r.PostsMatching, r.DiscoveredFrom?.AbsoluteUri, r.Alternatives.Select(a => a.AbsoluteUri).ToList(), r.Warnings);
}
