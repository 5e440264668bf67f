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
        app.MapMethods(SiteRoutes.Register, ReadRoutes.GetAndHead, async (HttpContext context, SiteContext site, PageRenderer renderer) =>
            Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(site.FrameFor(context.Request, site.Topics.Default)))));

        app.MapPost(SiteRoutes.Register, async (HttpContext context, SiteContext site, Registration registration, Leaving leaving, PageRenderer renderer, RenderCache cache) =>
        {
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            var (form, problem) = await RegistrationInput.ReadFormAsync(context);
            if (problem is not null)
            {
                return await ErrorPageAsync(context, problem.Message, problem.Status);
            }
            var request = form!;
            // What was typed goes back into the form, no longer than the form accepts it.
            var typed = new RegisterModel(frame, RegistrationInput.Bounded(request.Name, Registration.MaxNameLength),
                RegistrationInput.Bounded(request.Url, Registration.MaxUrlLength), request.AllPosts == true);
            try
            {
                await registration.EnsureRoomAsync(context.RequestAborted);
                switch (request.Step)
                {
                    case "find":
                        return Html(await renderer.RenderAsync<RegisterPage>(typed with { Preview = await registration.PreviewAsync(request with { Name = null }, context.RequestAborted) }));
                    case "claim-code" or "claim":
                        return await ClaimAsync(context, request, typed, registration, leaving, renderer);
                }
                var result = await registration.RegisterAsync(request, approve: false, context.RequestAborted);
                cache.Invalidate();
                return Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(frame, Result: result) { LeaveUrl = LeaveUrl(frame.Site, result.Contributor.Id, result.LeaveKey!) }),
                    StatusCodes.Status201Created);
            }
            catch (RegistrationBusyException e)
            {
                await RegistrationLimits.TooManyAsync(context, e.Message, e.RetryAfter);
                return Results.Empty;
            }
            catch (AlreadyRegisteredException e)
            {
                return Html(await renderer.RenderAsync<RegisterPage>(typed with { Error = e.Message, ErrorField = e.Field, Claim = new FeedClaim(e.Existing.FeedUrl) }),
                    StatusCodes.Status409Conflict);
            }
            catch (RegistrationException e) when (e.Field == RegistrationField.Name)
            {
                // Show the feed again with the name to fix, when the feed can be shown; else just the message.
                RegistrationResult? preview = null;
                try
                {
                    preview = await registration.PreviewAsync(request with { Name = null }, context.RequestAborted);
                }
                catch (RegistrationException)
                {
                }
                return Html(await renderer.RenderAsync<RegisterPage>(typed with { Preview = preview, Error = e.Message, ErrorField = e.Field }), StatusCodes.Status400BadRequest);
            }
            catch (RegistrationException e)
            {
                return Html(await renderer.RenderAsync<RegisterPage>(typed with { Error = e.Message, ErrorField = e.Field }), StatusCodes.Status400BadRequest);
            }
        }).DisableAntiforgery().AddEndpointFilter(SameOriginForms.RequireSameOrigin).RequireRateLimiting(RegistrationLimits.Policy);

        app.MapMethods("/" + RouteTemplates.Leave, ReadRoutes.GetAndHead, async (HttpContext context, string id, string key, SiteContext site, Leaving leaving, PageRenderer renderer) =>
        {
            if (await leaving.FindAsync(id, key, context.RequestAborted) is not { } contributor) return await NotFoundPages.ResultAsync(context, NoSuchLeaveLink);
            context.Response.Headers.CacheControl = "no-store";
            return Html(await renderer.RenderAsync<LeavePage>(new LeaveModel(site.FrameFor(context.Request, site.Topics.Default), contributor, context.Request.Path, Done: false)));
        });
        app.MapPost("/" + RouteTemplates.Leave, async (HttpContext context, string id, string key, SiteContext site, Leaving leaving, PageRenderer renderer, RenderCache cache) =>
        {
            if (await leaving.LeaveAsync(id, key, context.RequestAborted) is not { } contributor) return await NotFoundPages.ResultAsync(context, NoSuchLeaveLink);
            cache.Invalidate();
            context.Response.Headers.CacheControl = "no-store";
            return Html(await renderer.RenderAsync<LeavePage>(new LeaveModel(site.FrameFor(context.Request, site.Topics.Default), contributor, context.Request.Path, Done: true)));
        }).DisableAntiforgery().AddEndpointFilter(SameOriginForms.RequireSameOrigin);

        app.MapPost(SiteRoutes.RegisterApi, async (HttpContext context, SiteContext site, Registration registration, RenderCache cache) =>
        {
            var (request, problem) = await RegistrationInput.ReadJsonAsync(context);
            if (problem is not null) return Results.Json(new ApiError(problem.Message), ApiJson.Default.ApiError, statusCode: problem.Status);
            try
            {
                await registration.EnsureRoomAsync(context.RequestAborted);
                var result = await registration.RegisterAsync(request!, approve: false, context.RequestAborted);
                cache.Invalidate();
                return Results.Created($"{SiteRoutes.ManageContributors}/{result.Contributor.Id}",
                    RegistrationJson.From(result) with { LeaveUrl = LeaveUrl(site.SiteFor(context.Request), result.Contributor.Id, result.LeaveKey!) });
            }
            catch (RegistrationBusyException e)
            {
                await RegistrationLimits.TooManyAsync(context, e.Message, e.RetryAfter);
                return Results.Empty;
            }
            catch (AlreadyRegisteredException e)
            {
                return Results.Conflict(new ApiError(e.Message));
            }
            catch (RegistrationException e)
            {
                return Results.BadRequest(new ApiError(e.Message));
            }
        }).RequireRateLimiting(RegistrationLimits.Policy);
        return app;
    }

    private const string NoSuchLeaveLink = "This leave link does not open any registration: it may have been replaced by a newer one. Register your feed again to ask for a new link.";

    private static string LeaveUrl(SiteInfo site, string id, string key) =>
        new Uri(site.BaseUrl, $"leave/{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(key)}").AbsoluteUri;

    /// <summary>
    /// A feed registered already, claimed by its owner: first a code to put in the feed, then, once it is there, a new
    /// private leave link. Nothing here names who registered it or how that went.
    /// </summary>
    private static async Task<IResult> ClaimAsync(HttpContext context, RegistrationRequest request, RegisterModel typed, Registration registration, Leaving leaving, PageRenderer renderer)
    {
        Contributor existing;
        try
        {
            await registration.PreviewAsync(request with { Name = null }, context.RequestAborted);
            return Html(await renderer.RenderAsync<RegisterPage>(typed with { Error = "This feed is not registered here yet: register it instead.", ErrorField = RegistrationField.Url }),
                StatusCodes.Status400BadRequest);
        }
        catch (AlreadyRegisteredException e)
        {
            existing = e.Existing;
        }
        if (request.Step == "claim-code")
        {
            var (code, secret) = await leaving.ClaimCodeAsync(existing, context.RequestAborted);
            return Html(await renderer.RenderAsync<RegisterPage>(typed with { Claim = new FeedClaim(existing.FeedUrl, code, secret) }));
        }
        // The requester posts back the code and the secret they were given: reading the code in the feed is not enough.
        var claim = new FeedClaim(existing.FeedUrl, RegistrationInput.Bounded(request.ClaimCode, 64), RegistrationInput.Bounded(request.ClaimSecret, 64));
        var (leaveKey, problem) = await leaving.ClaimAsync(existing, claim.Code, claim.Secret, context.RequestAborted);
        if (leaveKey is null) return Html(await renderer.RenderAsync<RegisterPage>(typed with { Claim = claim, Error = problem }), StatusCodes.Status400BadRequest);
        return Html(await renderer.RenderAsync<RegisterPage>(typed with { Claim = claim with { Code = null, Secret = null }, LeaveUrl = LeaveUrl(typed.Frame.Site, existing.Id, leaveKey) }));
    }

    /// <summary>The registration page with a message instead of the outcome: for every refusal of a form post.</summary>
    internal static async Task<IResult> ErrorPageAsync(HttpContext context, string message, int status)
    {
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        var page = await context.RequestServices.GetRequiredService<PageRenderer>()
            .RenderAsync<RegisterPage>(new RegisterModel(site.FrameFor(context.Request, site.Topics.Default), Error: message));
        return Html(page, status);
    }

    /// <summary>A rendered page as the response, with its status: for the form pages that are never cached.</summary>
    internal static IResult Html(byte[] body, int status = StatusCodes.Status200OK) =>
        Results.Content(System.Text.Encoding.UTF8.GetString(body), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

/// <summary>The JSON shape of a registration's outcome.</summary>
public sealed record RegistrationJson(
    string Id, string Name, string FeedUrl, string? SiteUrl, string Status, string Mode, string? FeedTitle,
    int PostsInFeed, int PostsMatching, string? DiscoveredFrom, IReadOnlyList<string> Alternatives, IReadOnlyList<string> Warnings)
{
    /// <summary>The private link that takes the feed off the site: returned once, never kept.</summary>
    public string? LeaveUrl { get; init; }

    public static RegistrationJson From(RegistrationResult r) => new(
        r.Contributor.Id, r.Contributor.Name, r.Contributor.FeedUrl, r.Contributor.SiteUrl,
        r.Contributor.Status.ToString().ToLowerInvariant(), r.Contributor.Mode == FeedMode.AllPosts ? "all-posts" : "tagged-posts",
        r.FeedTitle, r.PostsInFeed, r.PostsMatching, r.DiscoveredFrom?.AbsoluteUri, r.Alternatives.Select(a => a.AbsoluteUri).ToList(), r.Warnings);
}
