using Clipping.Hosting;
using Clipping.Refresh;
using Clipping.Web;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clipping.Functions;

/// <summary>
/// The Functions app's start-up wiring, apart from Program.cs so tests can build exactly what the worker builds: the
/// core and the site, wired as the self-host wires them, plus the worker's telemetry and start-up work.
/// </summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();

        // Defaults under every other source, so app settings can still change them. ASP.NET Core's per-request
        // Information lines ("Executing endpoint ...") would be four traces a request in Application Insights, paid for.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });

        // In Azure, a missing setting should stop the app at start-up with its name, not fail a request later.
        if (Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID") is not null) DeploymentSettings.Check(builder.Configuration);

        // Without a connection string there is nowhere to send telemetry, and its collectors cost start-up time.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] ?? builder.Configuration["ApplicationInsights:ConnectionString"]))
        {
            builder.Services
                .AddApplicationInsightsTelemetryWorkerService()
                .ConfigureFunctionsApplicationInsights();
        }
        // Application Insights adds a rule that keeps only Warning and above from every category; the refresh report
        // is Information. Removing that rule lets host.json and the Logging section decide, as Azure Functions
        // documents for the isolated worker.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var aiDefault = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider);
            if (aiDefault is not null) options.Rules.Remove(aiDefault);
        });

        // Refreshes fan out over the host's storage queue, when there is one to use; otherwise they run in-process.
        if (RefreshQueue.ClientFrom(builder.Configuration) is { } queue)
        {
            builder.Services.AddSingleton(queue);
            builder.Services.AddSingleton<IRefreshTransport, RefreshQueue>();
        }
        if (RefreshQueue.ClientFrom(builder.Configuration, DigestQueue.QueueSetting) is { } digestQueue)
        {
            builder.Services.AddSingleton(new DigestQueue(digestQueue));
        }
        var backupContainer = builder.Configuration["Clipping:Backup:Container"] is { Length: > 0 } container ? container : new Clipping.Storage.Backups.BackupOptions().Container;
        if (BlobBackups.ContainerFrom(builder.Configuration, backupContainer) is { } backups)
        {
            builder.Services.AddSingleton(backups);
            builder.Services.AddSingleton<BlobBackups>();
        }
        builder.Services.AddClippingCore(builder.Configuration);
        builder.Services.AddClippingSitePipeline();
        builder.Services.AddHostedService<StartupWork>();
        return builder;
    }

    internal const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";
}
