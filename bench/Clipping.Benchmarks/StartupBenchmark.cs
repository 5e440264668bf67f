using System.Diagnostics;
using System.Globalization;

namespace Clipping.Benchmarks;

/// <summary>Budget: from starting the built <c>clipping serve</c> process to the first page served, under 1 s.</summary>
internal static class StartupBenchmark
{
    /// <param name="hostDirectory">A publish folder (ReadyToRun or native); the benchmark's own build output if null.</param>
    public static async Task<int> RunAsync(int rounds, string? hostDirectory = null)
    {
        var times = new List<TimeSpan>();
        for (var round = 0; round < rounds + 1; round++)
        {
            var sample = await TimeSelfHostAsync(hostDirectory);
            // The first round warms the disk cache; it is not counted.
            if (round > 0) times.Add(sample.ToFirstPage);
        }
        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"start-up to first page (clipping serve, empty store): median {median.TotalMilliseconds:0} ms of {rounds} (all: {string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms); budget 1000 ms"));
        var ok = median < TimeSpan.FromSeconds(1);
        Console.WriteLine(ok ? "within budget" : "OVER BUDGET");
        return ok ? 0 : 1;
    }

    /// <summary>One start of <c>clipping serve</c> on an empty scratch store, to its first page.</summary>
    public static async Task<Sample> TimeSelfHostAsync(string? hostDirectory = null)
    {
        var data = BenchServices.ScratchDirectory("startup");
        try
        {
            return await FirstPage.TimeAsync(port =>
            {
                var start = BenchServices.ClippingCommand(hostDirectory, "serve", "--urls", $"http://127.0.0.1:{port}");
                start.Environment["Clipping__DataDirectory"] = data;
                return start;
            }, TimeSpan.FromSeconds(20));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
