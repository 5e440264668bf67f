using Microsoft.Extensions.Configuration;

namespace Clipping.Host;

/// <summary>Where settings come from, in order of precedence: command line, environment (<c>Clipping__...</c>), appsettings files.</summary>
internal static class HostConfiguration
{
    /// <summary>appsettings.json ships beside the binary; one in the working directory overrides it.</summary>
    public static void AddSources(IConfigurationBuilder builder, string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false);
        var local = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");
        if (!string.Equals(Path.GetFullPath(local), Path.Combine(AppContext.BaseDirectory, "appsettings.json"), StringComparison.Ordinal))
        {
            builder.AddJsonFile(local, optional: true, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables();
        builder.AddCommandLine(args);
    }
}
