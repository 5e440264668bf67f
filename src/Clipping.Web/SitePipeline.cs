using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Web.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clipping.Web;

/// <summary>
/// The site's endpoints as one request delegate, for a host that receives requests its own way: each Azure Function
/// hands its HttpContext here, so the Functions app serves exactly what the self-host serves, through the same code.
/// Such a host does not wait for the store before it takes requests, so requests here wait for <see cref="StoreReadiness"/>.
/// </summary>
public sealed class SitePipeline
{
    private readonly RequestDelegate _pipeline;
    private readonly IServiceProvider _services;

    public SitePipeline(IServiceProvider services)
    {
        _services = services;
        var app = new ApplicationBuilder(services);
        app.UseClippingSecurityHeaders();
        app.UseStoreReadiness();
        app.UseClientAddress();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseEndpoints(endpoints => endpoints.MapClippingSite());
        _pipeline = app.Build();
    }

    /// <summary>
    /// Serves one request. The caller may have routed it already (the Functions worker invokes a function from inside
    /// its own endpoint), and routing skips matching when an endpoint is set, which would run the caller's endpoint a
    /// second time; so the site's routing starts afresh here and the caller's endpoint is put back afterwards.
    /// </summary>
    public async Task ServeAsync(HttpContext context)
    {
        var callerEndpoint = context.GetEndpoint();
        var callerRouteValues = context.Request.RouteValues;
        context.SetEndpoint(null);
        context.Request.RouteValues = new RouteValueDictionary();
        try
        {
            await _pipeline(context);
        }
        finally
        {
            context.SetEndpoint(callerEndpoint);
            context.Request.RouteValues = callerRouteValues;
        }
    }

    /// <summary>
    /// Serves the front page once to nobody, so that a host which starts its listener long after the app (the Functions
    /// host) answers its first reader from warm code and, when the site's address is configured, from the cache.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/";
        var baseUrl = scope.ServiceProvider.GetRequiredService<ClippingOptions>().Site.BaseUrl;
        var address = Uri.TryCreate(baseUrl, UriKind.Absolute, out var configured) ? configured : new Uri("http://localhost/");
        context.Request.Scheme = address.Scheme;
        context.Request.Host = HostString.FromUriComponent(address);
        context.Response.Body = Stream.Null;
        context.RequestAborted = cancellationToken;
        await ServeAsync(context);
    }
}

public static class StoreReadinessMiddleware
{
    /// <summary>
    /// Holds each request until the store is initialised (the first ones after a cold start may arrive while that is
    /// still under way), and answers 503 with Retry-After while the store cannot be reached. <c>/health</c> says
    /// only that the app is up, so it never waits.
    /// </summary>
    public static IApplicationBuilder UseStoreReadiness(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path != SiteRoutes.Health)
        {
            try
            {
                await context.RequestServices.GetRequiredService<StoreReadiness>().WhenReadyAsync(context.RequestAborted);
            }
            catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = ((int)StoreReadiness.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("The site's storage cannot be reached just now; try again in a few seconds.", context.RequestAborted);
                return;
            }
        }
        await next(context);
    });
}

public static class SitePipelineServices
{
    /// <summary>Registers the site and the pipeline that serves it without a web host of its own.</summary>
    public static IServiceCollection AddClippingSitePipeline(this IServiceCollection services)
    {
        services.AddRouting();
        // A web host registers this for its middleware; a host without one (a test) still needs it.
        services.TryAddSingleton(new System.Diagnostics.DiagnosticListener("Microsoft.AspNetCore"));
        services.AddClippingSite();
        services.AddSingleton<SitePipeline>();
        return services;
    }
}
