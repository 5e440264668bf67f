using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Clipping.Web.Endpoints;

internal static class ReadRoutes
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    /// <summary>Maps a read-only route for GET and HEAD: link checkers and feed readers probe with HEAD.</summary>
    public static RouteHandlerBuilder MapRead(this IEndpointRouteBuilder app, string pattern, Delegate handler) =>
        app.MapMethods(pattern, GetAndHead, handler);
}
