using System.Collections.Concurrent;
using Clipping.Functions;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Web;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipping.Functions.Tests;

/// <summary>
/// The worker's start-up wiring, built in-process exactly as Program.cs builds it, with the checks a Development host
/// makes (scope validation, every service resolvable at build): what fails here would fail the worker at start-up.
/// </summary>
public sealed class FunctionsAppWiringTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("clipping-functions-");

    private IHost Build(Action<IServiceCollection>? replace = null, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clipping:DataDirectory"] = _data.FullName,
            ["Clipping:Topics:0:Name"] = "Big Society",
            ["Clipping:Refresh:Enabled"] = "false",
            ["ApplicationInsights:ConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
        });
        configure?.Invoke(builder.Configuration);
        FunctionsApp.Configure(builder);
        replace?.Invoke(builder.Services);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        return builder.Build();
    }

    [Fact]
    public async Task A_page_is_served_from_inside_the_worker_s_own_endpoint_under_scope_validation()
    {
        using var host = Build();
        await host.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();

        // The worker invokes a function from inside its own routed endpoint, so the request arrives with that set.
        var callersEndpointRan = false;
        var callers = new Endpoint(_ => { callersEndpointRan = true; return Task.CompletedTask; }, EndpointMetadataCollection.Empty, "function endpoint");
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("clipping.example.org");
        context.Request.Path = "/";
        context.SetEndpoint(callers);
        var body = new MemoryStream();
        context.Response.Body = body;

        await host.Services.GetRequiredService<SitePipeline>().ServeAsync(context);

        Assert.False(callersEndpointRan, "the caller's endpoint ran a second time");
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Contains("Nothing has been clipped here yet", System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.Same(callers, context.GetEndpoint());
    }

    [Fact]
    public async Task The_refresh_report_reaches_Application_Insights_at_Information()
    {
        var channel = new RecordingChannel();
        using var host = Build(services =>
        {
            services.RemoveAll<ITelemetryChannel>();
            services.AddSingleton<ITelemetryChannel>(channel);
        });
        await host.Services.GetRequiredService<StoreReadiness>().WhenReadyAsync(CancellationToken.None);

        await host.Services.GetRequiredService<RefreshCoordinator>().TryRunAsync(CancellationToken.None);

        var report = channel.Items.OfType<TraceTelemetry>().FirstOrDefault(t => t.Message.StartsWith("Refresh finished", StringComparison.Ordinal));
        Assert.NotNull(report);
        Assert.Equal(SeverityLevel.Information, report.SeverityLevel);
    }

    [Fact]
    public void With_the_hosts_storage_and_a_queue_named_a_run_fans_out_over_the_queue_and_the_queue_settings_agree()
    {
        using (var plain = Build()) Assert.IsType<InProcessRefresh>(plain.Services.GetRequiredService<IRefreshTransport>());
        using var host = Build(configure: configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            [RefreshQueue.QueueSetting] = "clipping-refresh",
        }));
        Assert.IsType<RefreshQueue>(host.Services.GetRequiredService<IRefreshTransport>());
        Assert.Equal("clipping-refresh", host.Services.GetRequiredService<Azure.Storage.Queues.QueueClient>().Name);

        // The reason recorded against a poisoned batch's feeds names the attempts host.json allows.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "host.json")) || !File.Exists(Path.Combine(directory.FullName, "Clipping.sln"))) directory = directory.Parent!;
        var queues = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "host.json"))).RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(RefreshQueue.MaxAttempts, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void ASP_NET_Core_request_chatter_stays_out_of_the_logs_unless_asked_for()
    {
        using var host = Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    public void Dispose() => _data.Delete(recursive: true);

    private sealed class RecordingChannel : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Items { get; } = new();
        public bool? DeveloperMode { get; set; }
        public string EndpointAddress { get; set; } = "";
        public void Send(ITelemetry item) => Items.Enqueue(item);
        public void Flush() { }
        public void Dispose() { }
    }
}
