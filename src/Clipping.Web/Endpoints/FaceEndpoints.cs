using Clipping.Publishing;
using Clipping.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Contributors' faces, served from the site so that no reader's browser asks a blog for anything. The pages link to a
/// face with its version (<c>?v=</c>), so that address may be cached for a year; without it, a day. Like every response,
/// with <c>X-Content-Type-Options: nosniff</c>, so the bytes are only ever taken for the image type they were
/// recognised as.
/// </summary>
public static class FaceEndpoints
{
    private static readonly TimeSpan Versioned = TimeSpan.FromDays(365);
    private static readonly TimeSpan Unversioned = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapFaces(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/" + RouteTemplates.ContributorIcon, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context));
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var id = context.Request.RouteValues["id"]?.ToString() ?? "";
        var rendered = await services.GetRequiredService<RenderCache>().GetAsync($"face|{id}", async cancellationToken =>
        {
            var face = await services.GetRequiredService<IClippingStore>().GetFaceAsync(id, cancellationToken);
            return face is null
                ? new Rendering(System.Text.Encoding.UTF8.GetBytes($"No face is kept for contributor '{id}'."), "text/plain; charset=utf-8", StatusCodes.Status404NotFound)
                : new Rendering(face.Image, face.ContentType) { Version = face.Version };
        }, context.RequestAborted, chosenByClient: true);
        var asked = context.Request.Query["v"].ToString();
        return CachedResults.Send(context, rendered, asked.Length > 0 && asked == rendered.Version ? Versioned : Unversioned);
    }
}
