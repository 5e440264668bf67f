using Clipping.Publishing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Sends a cached rendering in the best encoding the client accepts (Brotli, gzip or none, each compressed when it
/// was rendered), answering 304 when the client's copy is current.
/// </summary>
internal static class CachedResults
{
    // How long a reader's client may keep a view's page, and one of its feeds, before asking again (with its ETag).
    private static readonly TimeSpan PageMaxAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FeedMaxAge = TimeSpan.FromMinutes(5);

    /// <summary>A view's page, or (given its format) one of its feeds, shown to a browser as a type it displays.</summary>
    public static IResult SendView(HttpContext context, RenderedResponse rendered, FeedFormat? format) => format is null
        ? Send(context, rendered, PageMaxAge)
        : Send(context, rendered, FeedMaxAge, FeedFormats.ForBrowser(context.Request, rendered));

    /// <param name="contentType">Overrides the rendering's own type (a feed shown to a browser).</param>
    public static IResult Send(HttpContext context, RenderedResponse rendered, TimeSpan maxAge, string? contentType = null)
    {
        var request = context.Request;
        var response = context.Response;
        var (body, encoding) = Choose(rendered, request.Headers.AcceptEncoding);
        response.StatusCode = rendered.Status;
        // Each encoding is its own representation, with its own strong validator (RFC 9110 8.8.3).
        var etag = encoding is null ? rendered.ETag : rendered.ETag[..^1] + "-" + encoding + "\"";
        // A feed sent as the browser's own type is another representation too (it varies by Accept).
        if (contentType is not null) etag = etag[..^1] + "-shown\"";
        response.Headers.ETag = etag;
        response.Headers.LastModified = rendered.LastModified.ToString("R");
        response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        // Appended: a feed has already said it varies by Accept too (see FeedFormats.ForBrowser).
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (encoding is not null) response.Headers.ContentEncoding = encoding;

        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
            if (EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
                tags.Any(t => t.Tag == "*" || t.Tag.Equals(etag, StringComparison.Ordinal) || ("W/" + etag) == t.ToString()))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }
        else if (DateTimeOffset.TryParse(request.Headers.IfModifiedSince, System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.AssumeUniversal, out var since) && rendered.LastModified <= since)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(body, contentType ?? rendered.ContentType);
    }

    private static (ReadOnlyMemory<byte> Body, string? Encoding) Choose(RenderedResponse rendered, StringValues acceptEncoding)
    {
        if (rendered.Brotli is null || acceptEncoding.Count == 0) return (rendered.Body, null);
        double? br = null, gz = null, any = null;
        if (StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            foreach (var value in accepted)
            {
                var quality = value.Quality ?? 1;
                if (value.Value.Equals("br", StringComparison.OrdinalIgnoreCase)) br = quality;
                else if (value.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase)) gz = quality;
                else if (value.Value == "*") any = quality;
            }
        }
        // A coding not named takes the quality of "*", if sent (RFC 9110 12.5.3).
        var brotli = br ?? any ?? 0;
        var gzip = gz ?? any ?? 0;
        if (brotli > 0 && brotli >= gzip) return (rendered.Brotli.Value, "br");
        if (gzip > 0) return (rendered.Gzip!.Value, "gzip");
        return (rendered.Body, null);
    }
}
