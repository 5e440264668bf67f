using System.Diagnostics;
using Clipping.Contributors;
using Clipping.Storage;

namespace Clipping.Benchmarks;

/// <summary>The core, configured as the self-host would be, on a scratch SQLite store.</summary>
internal static class BenchServices
{
    public static async Task<ServiceProvider> StartAsync(string dataDirectory, int concurrency = 16)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clipping:DataDirectory"] = dataDirectory,
            ["Clipping:Fetch:AllowPrivateNetworks"] = "true",
            ["Clipping:Fetch:AllowAnyPort"] = "true",
            ["Clipping:Fetch:MaxConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Clipping:Topics:0:Name"] = "Big Society",
            // Every synthetic blog is on one loopback host; in the world each blog is its own host.
            ["Clipping:Fetch:MaxConcurrencyPerHost"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddClippingCore(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IClippingStore>().InitializeAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>Registers and approves one contributor per feed, as an operator's import would.</summary>
    public static async Task RegisterFeedsAsync(IClippingStore store, IEnumerable<Uri> feeds)
    {
        foreach (var url in feeds)
        {
            await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url.AbsoluteUri), $"Blog {url.Segments[^1]}", null, url.AbsoluteUri,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), CancellationToken.None);
        }
    }

    /// <summary>Deletes a scratch store; SQLite's pooled connections hold the file open until cleared.</summary>
    public static void DeleteScratch(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A loopback port nothing listens on now, for a server started as a separate process.</summary>
    /// <summary>
    /// Starts <c>clipping</c> with <paramref name="args"/> from <paramref name="hostDirectory"/> (the benchmark's own build
    /// output if null): a native build's <c>clipping</c> executable when the folder has no <c>clipping.dll</c>.
    /// </summary>
    public static ProcessStartInfo ClippingCommand(string? hostDirectory, params string[] args)
    {
        var directory = hostDirectory ?? AppContext.BaseDirectory;
        var assembly = Path.Combine(directory, "clipping.dll");
        var native = !File.Exists(assembly);
        var start = new ProcessStartInfo(native ? Path.Combine(directory, "clipping") : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (!native) start.ArgumentList.Add(assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string ScratchDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "clipping-bench", $"{name}-{Guid.NewGuid():N}")).FullName;
}
