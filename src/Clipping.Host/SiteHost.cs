using Clipping.Host.Scheduling;
using Clipping.Storage;
using Clipping.Web;
using Clipping.Web.Endpoints;

namespace Clipping.Host;

/// <summary>Builds the self-host: ASP.NET Core serving the site, plus the refresh scheduler.</summary>
public static class SiteHost
{
    /// <param name="configure">Lets tests and the demo override settings after the usual sources.</param>
    /// <param name="services">Lets tests replace services (the clock) after the core's are registered.</param>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        HostConfiguration.AddSources(builder.Configuration, args);
        configure?.Invoke(builder.Configuration);

        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging(logging =>
        {
            logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        });
        builder.Services.AddClippingCore(builder.Configuration);
        builder.Services.AddClippingSite();
        builder.Services.AddResponseCompression(compression => compression.EnableForHttps = true);
        builder.Services.AddHostedService<RefreshScheduler>();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseResponseCompression();
        app.UseClippingSecurityHeaders();
        app.UseClientAddress();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapClippingSite();
        return app;
    }

    /// <summary>Checks the settings and creates the store's tables before the first request needs them.</summary>
    public static Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ClippingServices.CheckSettings(app.Services);
        return app.Services.GetRequiredService<IClippingStore>().InitializeAsync(cancellationToken);
    }
}
