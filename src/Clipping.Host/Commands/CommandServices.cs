using Clipping.Storage;

namespace Clipping.Host.Commands;

/// <summary>The core's services for a one-shot command: same configuration as serve, logs to standard error only.</summary>
internal static class CommandServices
{
    public static async Task<ServiceProvider> StartAsync(string[] configArgs, CancellationToken cancellationToken, Action<IConfigurationBuilder>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var configuration = new ConfigurationManager();
        HostConfiguration.AddSources(configuration, configArgs);
        configure?.Invoke(configuration);
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddSimpleConsole(console => console.SingleLine = true);
            // A command prints its own report on standard output; the refresh's log lines would say it all again.
            logging.AddFilter("Clipping.Refresh", LogLevel.Error);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        collection.AddClippingCore(configuration);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<IClippingStore>().InitializeAsync(cancellationToken);
        return provider;
    }
}
