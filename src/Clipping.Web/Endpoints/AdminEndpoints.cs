using System.Security.Cryptography;
using System.Text;
using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Moderation and maintenance over HTTP, behind the admin key (header <c>X-Admin-Key</c>). Without a configured key
/// the endpoints are not mapped at all: any method on their paths is a plain 404, with nothing (an Allow header on a
/// 405) to show that they exist.
/// </summary>
public static class AdminEndpoints
{
    public const string KeyHeader = "X-Admin-Key";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        if (string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IOptions<ClippingOptions>>().Value.Admin.Key)) return app;
        var admin = app.MapGroup("").AddEndpointFilter(RequireKey);

        admin.MapGet(SiteRoutes.ManageContributors, async (IClippingStore store, CancellationToken cancellationToken) =>
            Results.Ok((await store.GetContributorsAsync(cancellationToken)).Select(ContributorJson.From).ToArray()));

        admin.MapPost(SiteRoutes.ManageApprove, (string id, Moderation moderation, RenderCache cache, CancellationToken cancellationToken) =>
            ModerateAsync(() => moderation.ApproveAsync(id, cancellationToken), cache));
        admin.MapPost(SiteRoutes.ManageReject, (string id, Moderation moderation, RenderCache cache, CancellationToken cancellationToken) =>
            ModerateAsync(() => moderation.RejectAsync(id, cancellationToken), cache));
        admin.MapPost(SiteRoutes.ManageRemove, (string id, Moderation moderation, RenderCache cache, CancellationToken cancellationToken) =>
            ModerateAsync(() => moderation.RemoveAsync(id, cancellationToken), cache));

        admin.MapPost(SiteRoutes.ManageRefresh, async (RefreshCoordinator refresh, RenderCache cache, CancellationToken cancellationToken) =>
        {
            try
            {
                var report = await refresh.TryRunAsync(cancellationToken);
                if (report is null) return Results.Conflict(new ApiError("A refresh is already running; try again when it has finished."));
                // Fanned out over the queue, the run finishes on whichever instances take its batches; /status follows it.
                return report.IsQueued ? Results.Accepted(SiteRoutes.Status, report) : Results.Ok(report);
            }
            catch (RefreshFailedException e)
            {
                return Results.Json(new ApiError(e.Message), ApiJson.Default.ApiError, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            finally
            {
                // Even a run that stopped part-way may have added clippings.
                cache.Invalidate();
            }
        });
        return app;
    }

    private static async Task<IResult> ModerateAsync(Func<Task<Contributor>> action, RenderCache cache)
    {
        try
        {
            var contributor = await action();
            cache.Invalidate();
            return Results.Ok(ContributorJson.From(contributor));
        }
        catch (KeyNotFoundException e)
        {
            return Results.NotFound(new ApiError(e.Message));
        }
    }

    private static async ValueTask<object?> RequireKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<ClippingOptions>>().Value.Admin.Key;
        // The key was set when the routes were mapped; a configuration reload that empties it turns them off again.
        if (string.IsNullOrEmpty(configured)) return Results.NotFound();
        var given = context.HttpContext.Request.Headers[KeyHeader].ToString();
        if (!KeysMatch(configured, given))
        {
            return Results.Json(new ApiError($"Send the admin key in the {KeyHeader} header."), ApiJson.Default.ApiError, statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }

    /// <summary>Compares in constant time, so response timing reveals nothing about the key.</summary>
    internal static bool KeysMatch(string configured, string given)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        return CryptographicOperations.FixedTimeEquals(expected, actual) && given.Length > 0;
    }
}

/// <summary>The JSON shape of a contributor for the admin API.</summary>
public sealed record ContributorJson(
    string Id, string Name, string? SiteUrl, string FeedUrl, string Status, string Mode, string? Topic, DateTimeOffset RegisteredAt,
    DateTimeOffset? LastSuccess, int ConsecutiveFailures, string? LastError, DateTimeOffset? NextAttempt, bool Gone)
{
    public static ContributorJson From(Contributor c) => new(
        c.Id, c.Name, c.SiteUrl, c.FeedUrl, c.Status.ToString().ToLowerInvariant(), c.Mode == FeedMode.AllPosts ? "all-posts" : "tagged-posts",
        c.Topic, c.RegisteredAt, c.State.LastSuccess, c.State.ConsecutiveFailures, c.State.LastError, c.State.NextAttempt, c.State.Gone);
}
