using System.Diagnostics;
using System.Globalization;
using Clipping.Clippings;
using Clipping.Host;
using Clipping.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

namespace Clipping.Benchmarks;

/// <summary>
/// Budget: the page and the feeds, served from the render cache, at least half the rate Kestrel serves a static file
/// of the same size, with p99 under 20 ms at 64 concurrent clients. Client and servers share the machine's cores.
/// </summary>
internal static class ServeBenchmark
{
    private const int Clients = 64;

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        var data = BenchServices.ScratchDirectory("serve");
        var site = SiteHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Clipping:DataDirectory"] = data,
            ["Clipping:Refresh:Enabled"] = "false",
            ["Clipping:Topics:0:Name"] = "Big Society",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await site.InitializeAsync(CancellationToken.None);
        await FillAsync(site.Services.GetRequiredService<IClippingStore>());
        await site.StartAsync();
        var siteUrl = new Uri(AddressOf(site) + "/");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = siteUrl };
        var page = await http.GetByteArrayAsync("");
        var staticDirectory = Directory.CreateDirectory(Path.Combine(data, "static")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(staticDirectory, "page.html"), page);
        var staticServer = await StartStaticServerAsync(staticDirectory);
        var staticUrl = new Uri(AddressOf(staticServer) + "/page.html");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serving with {Clients} concurrent clients for {duration.TotalSeconds:0} s each; page is {page.Length / 1024.0:0.0} KB with 30 clippings:"));
        var baseline = await LoadAsync(staticUrl, duration);
        Print("Kestrel static file (baseline)", baseline, null);
        var ok = true;
        foreach (var path in new[] { "", "rss.xml", "atom.xml" })
        {
            var result = await LoadAsync(new Uri(siteUrl, path), duration);
            Print("/" + path, result, baseline);
            ok &= result.Rate >= baseline.Rate / 2 && result.P99.TotalMilliseconds < 20;
        }
        Console.WriteLine(ok ? "within budget" : "OVER BUDGET");

        await staticServer.StopAsync();
        await site.StopAsync();
        BenchServices.DeleteScratch(data);
        return ok ? 0 : 1;
    }

    private sealed record Load(double Rate, TimeSpan P50, TimeSpan P99, int Errors);

    private static void Print(string name, Load load, Load? baseline)
    {
        var versus = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  ({load.Rate / baseline.Rate:0.00}x static; budget 0.50x, p99 < 20 ms)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-32} {load.Rate,8:0} req/s  p50 {load.P50.TotalMilliseconds,6:0.00} ms  p99 {load.P99.TotalMilliseconds,6:0.00} ms  errors {load.Errors}{versus}"));
    }

    private static async Task<Load> LoadAsync(Uri url, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, AutomaticDecompression = System.Net.DecompressionMethods.None });
        // Warm up: connections open, caches filled, code jitted.
        var warm = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ => { while (warm.Elapsed < TimeSpan.FromSeconds(1)) await http.GetByteArrayAsync(url); }));

        var latencies = new List<double>[Clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            var mine = latencies[client] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url);
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(all.Length / clock.Elapsed.TotalSeconds, TimeSpan.FromMilliseconds(all[all.Length / 2]),
            TimeSpan.FromMilliseconds(all[(int)(all.Length * 0.99)]), errors);
    }

    /// <summary>Kestrel's static file middleware on a free loopback port: the baseline every serving budget is held to.</summary>
    internal static async Task<WebApplication> StartStaticServerAsync(string directory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(directory) });
        await app.StartAsync();
        return app;
    }

    internal static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static async Task FillAsync(IClippingStore store)
    {
        var now = DateTimeOffset.UtcNow;
        var sightings = Enumerable.Range(0, 200).Select(i =>
        {
            var link = $"https://blog{i % 12}.example.org/2026/11/post-{i}/";
            var canonical = CanonicalUrl.Of(link)!;
            return new Sighting("big-society", CanonicalUrl.Hash(canonical), canonical, $"c{i % 12}", $"Contributor {i % 12}", $"https://blog{i % 12}.example.org/",
                $"item-{i}", link, $"Post {i}: what volunteers and councils do next", "A summary of a post about councils, volunteers and the minibus rota, long enough to be a real excerpt of a couple of lines.",
                "<p>Paragraph one.</p><p>Paragraph two, longer, about councils, volunteers and the minibus rota.</p>", null, now.AddHours(-i), now, ["Big Society", "Community"], ["Author"]);
        }).ToList();
        await store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
    }
}
