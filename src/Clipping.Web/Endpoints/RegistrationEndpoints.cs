using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var name = form["name"].ToString();
            var url = form["url"].ToString();
            var allPosts = form["allPosts"].ToString() == "true";
            var frame = site.FrameFor(context.Request, site.Topics.Default);
            try
            {
                var result = await registration.RegisterAsync(new RegistrationRequest(name, url, allPosts ? true : null), approve: false, context.RequestAborted);
                cache.Invalidate();
                return Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(frame, Result: result)), StatusCodes.Status201Created);
            }
            catch (RegistrationException e)
            {
                return Html(await renderer.RenderAsync<RegisterPage>(new RegisterModel(frame, name, url, allPosts, e.Message)), StatusCodes.Status400BadRequest);
            }
        }).DisableAntiforgery();

        app.MapPost(SiteRoutes.RegisterApi, async (RegistrationRequest? request, Registration registration, RenderCache cache, HttpContext context) =>
        {
            if (request is null) return Results.BadRequest(new { error = "Send a JSON object: {\"name\": \"...\", \"url\": \"https://...\"}." });
            try
            {
                var result = await registration.RegisterAsync(request, approve: false, context.RequestAborted);
                cache.Invalidate();
                return Results.Created($"{SiteRoutes.ManageContributors}/{result.Contributor.Id}", RegistrationJson.From(result));
            }
            catch (RegistrationException e)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });
        return app;
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
