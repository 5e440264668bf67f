using System.Text.Encodings.Web;
using System.Text.Unicode;
using Clipping.Web.Endpoints;
using Clipping.Web.Manage;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clipping.Web;

/// <summary>The HTTP surface both hosts serve: one call to register its services, one to map every route.</summary>
public static class SiteApp
{
    public static IServiceCollection AddClippingSite(this IServiceCollection services)
    {
        services.AddSingleton<SiteContext>();
        // Non-ASCII text is sent as UTF-8, not as entities: smaller pages, readable source.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddDigestRendering();
        services.AddRegistrationLimits();
        services.AddOperatorPages();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapClippingSite(this IEndpointRouteBuilder app)
    {
        app.MapClippingViews();
        app.MapDiscussed();
        app.MapWeekly();
        app.MapFaces();
        app.MapContributorsOpml();
        app.MapAssets();
        app.MapRegistration();
        app.MapStatus();
        app.MapWebSubCallback();
        app.MapEmail();
        app.MapAdmin();
        app.MapOperatorPages();
        app.MapNotFound();
        return app;
    }

    /// <summary>
    /// What drawing digests needs, for a host with no site of its own to serve (the CLI's <c>email send</c>) as well as
    /// for the site: the page renderer and the digest renderer.
    /// </summary>
    public static IServiceCollection AddDigestRendering(this IServiceCollection services)
    {
        services.TryAddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<Email.SubscribableViews>();
        services.TryAddSingleton<Clipping.Email.IDigestRenderer, Email.DigestRenderer>();
        return services;
    }

    /// <summary>Security headers for every response: the page runs no script at all, so none is allowed.</summary>
    public static IApplicationBuilder UseClippingSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; img-src https: http: data:; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        await next(context);
    });
}
