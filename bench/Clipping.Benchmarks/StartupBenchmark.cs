using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Clipping.Benchmarks;

/// <summary>Budget: from starting the built <c>clipping serve</c> process to the first page served, under 1 s.</summary>
internal static class StartupBenchmark
{
    public static async Task<int> RunAsync(int rounds)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "clipping.dll");
        var times = new List<TimeSpan>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var round = 0; round < rounds + 1; round++)
        {
            var data = BenchServices.ScratchDirectory("startup");
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { host, "serve", "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
            start.Environment["Clipping__DataDirectory"] = data;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                    if (response.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(5);
                }
            }
            var elapsed = clock.Elapsed;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
            // The first round warms the disk cache; it is not counted.
            if (round > 0) times.Add(elapsed);
        }
        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"start-up to first page (dotnet clipping.dll serve, empty store): median {median.TotalMilliseconds:0} ms of {rounds} (all: {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms); budget 1000 ms"));
        var ok = median < TimeSpan.FromSeconds(1);
        Console.WriteLine(ok ? "within budget" : "OVER BUDGET");
        return ok ? 0 : 1;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
