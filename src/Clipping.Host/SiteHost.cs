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
            // A failure to start (a busy port, a bad --urls) is said once, in one line, by the command; the host's own
            // account of it is a stack trace.
            logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            // The keys are kept in the store on purpose (shared by every instance), which data protection warns of.
            logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        });
        builder.Services.AddClippingCore(builder.Configuration);
        builder.Services.AddClippingSite();
        builder.Services.AddResponseCompression(compression => compression.EnableForHttps = true);
        builder.Services.AddHostedService<RefreshScheduler>();
        builder.Services.AddHostedService<BackupScheduler>();
        builder.Services.AddHostedService<DigestScheduler>();
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
        var store = app.Services.GetRequiredService<IClippingStore>();
        app.Logger.LogInformation("Store: {Location}", store.Location);
        return store.InitializeAsync(cancellationToken);
    }
}
