using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clipping.Web;

/// <summary>
/// The site's endpoints as one request delegate, for a host that receives requests its own way: each Azure Function
/// hands its HttpContext here, so the Functions app serves exactly what the self-host serves, through the same code.
/// </summary>
public sealed class SitePipeline
{
    private readonly RequestDelegate _pipeline;

    public SitePipeline(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseClippingSecurityHeaders();
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapClippingSite());
        _pipeline = app.Build();
    }

    public Task ServeAsync(HttpContext context) => _pipeline(context);
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
