using Clipping.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Clipping.Web.Endpoints;

/// <summary>Sends a cached rendering, answering 304 when the client's copy is current.</summary>
internal static class CachedResults
{
    public static IResult Send(HttpContext context, RenderedResponse rendered, TimeSpan maxAge)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.ETag = rendered.ETag;
        response.Headers.LastModified = rendered.LastModified.ToString("R");
        response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        response.Headers.Vary = HeaderNames.AcceptEncoding;

        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
            if (EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
                tags.Any(t => t.Tag == "*" || t.Tag.Equals(rendered.ETag, StringComparison.Ordinal) || ("W/" + rendered.ETag) == t.ToString()))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }
        else if (DateTimeOffset.TryParse(request.Headers.IfModifiedSince, System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.AssumeUniversal, out var since) && rendered.LastModified <= since)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(rendered.Body, rendered.ContentType);
    }
}
