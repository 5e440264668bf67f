using Clipping.Feeds.Fetching;
using Clipping.Publishing;
using Clipping.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Clipping.Web.Endpoints;

/// <summary>
/// The WebSub callback (<c>/websub/{id}</c>): hubs verify Clipping's subscriptions with a GET and deliver updates with a
/// POST. Everything it decides is in <see cref="PushCallback"/>; this turns requests into calls and answers.
/// </summary>
public static class WebSubEndpoints
{
    public static IEndpointRouteBuilder MapWebSubCallback(this IEndpointRouteBuilder app)
    {
        app.MapGet(SiteRoutes.WebSubCallback, async (string id, HttpRequest request, PushCallback callback, CancellationToken cancellationToken) =>
        {
            var query = request.Query;
            var answer = await callback.VerifyAsync(id, query["hub.mode"], query["hub.topic"], query["hub.challenge"], query["hub.lease_seconds"], query["hub.reason"], cancellationToken);
            return Results.Text(answer.Body, "text/plain; charset=utf-8", statusCode: answer.Status);
        });

        // Hubs post the feed itself, not a form: no antiforgery token, and the signature is what proves the sender.
        app.MapPost(SiteRoutes.WebSubCallback, async (string id, HttpRequest request, PushCallback callback, FetchOptions limits, CancellationToken cancellationToken) =>
        {
            // Nothing is read for a subscription that is not Clipping's: 410 tells the hub to stop.
            if (!await callback.AcceptsDeliveriesAsync(id, cancellationToken))
            {
                return Results.Text("There is no such subscription.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status410Gone);
            }
            if (await ReadLimitedAsync(request, limits.MaxBytes, cancellationToken) is not { } body)
            {
                await callback.RefuseTooLargeAsync(id, limits.MaxBytes, cancellationToken);
                return Results.Text($"A delivery may be at most {limits.MaxBytes} bytes, as a polled feed may.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            var answer = await callback.DeliverAsync(id, body, request.ContentType, request.Headers["X-Hub-Signature"].FirstOrDefault(), request.Headers["Link"].OfType<string>(), cancellationToken);
            return Results.Text(answer.Body, "text/plain; charset=utf-8", statusCode: answer.Status);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The request body, or null when it is larger than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit) return null;
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }
}
