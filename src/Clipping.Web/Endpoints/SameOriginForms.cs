using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Refuses a form posted from another site (cross-site request forgery: a stranger's page making its visitors register
/// feeds here). Browsers say where a form came from in <c>Sec-Fetch-Site</c> and <c>Origin</c>; a post that carries
/// neither comes from a script or a very old browser, which no other site can make post here, and goes through. No
/// token or script is needed, so the form works with JavaScript off and whichever instance serves the page.
/// </summary>
public static class SameOriginForms
{
    public static async ValueTask<object?> RequireSameOrigin(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (IsCrossSite(context))
        {
            return await RegistrationEndpoints.ErrorPageAsync(context,
                "This form was sent from another site. To register, fill in the form on this page.", StatusCodes.Status403Forbidden);
        }
        return await next(invocation);
    }

    private static bool IsCrossSite(HttpContext context)
    {
        var headers = context.Request.Headers;
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0) return fetchSite is not ("same-origin" or "none");
        var origin = headers.Origin.ToString();
        if (origin.Length == 0) return false;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from)) return true;
        // Behind a proxy that ends TLS the request's own scheme may differ from the page's; the host decides.
        var site = context.RequestServices.GetRequiredService<ClippingOptions>().Site;
        return !SameAuthority(from, context.Request.Host.Value)
            && !(Uri.TryCreate(site.BaseUrl, UriKind.Absolute, out var configured) && string.Equals(from.Authority, configured.Authority, StringComparison.OrdinalIgnoreCase));
    }

    private static bool SameAuthority(Uri origin, string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        var bare = host.EndsWith(":80", StringComparison.Ordinal) || host.EndsWith(":443", StringComparison.Ordinal) ? host[..host.LastIndexOf(':')] : host;
        return string.Equals(origin.Authority, bare, StringComparison.OrdinalIgnoreCase) || string.Equals(origin.Authority, host, StringComparison.OrdinalIgnoreCase);
    }
}
