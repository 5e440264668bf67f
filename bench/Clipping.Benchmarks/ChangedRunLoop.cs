using System.Diagnostics;
using Clipping.Refresh;
using Clipping.Storage;

namespace Clipping.Benchmarks;

/// <summary>
/// The usual refresh (every feed has one new post) over and over on one store, for a profiler to attach to once the
/// first rounds have warmed up: <c>dotnet-trace collect -p &lt;pid&gt; --profile dotnet-sampled-thread-time</c>.
/// Attach rather than launch through dotnet-trace: the feed server is a child process, and a launched trace aborts it.
/// </summary>
internal static class ChangedRunLoop
{
    public static async Task<int> RunAsync(int feeds, int rounds)
    {
        var (server, baseUrl) = await FeedServerProcess.StartAsync(feeds);
        var data = BenchServices.ScratchDirectory("changed-loop");
        try
        {
            await using var services = await BenchServices.StartAsync(data);
            var store = services.GetRequiredService<IClippingStore>();
            await BenchServices.RegisterFeedsAsync(store, Enumerable.Range(0, feeds).Select(i => new Uri(baseUrl, $"feed/{i}")));
            var runner = services.GetRequiredService<RefreshRunner>();
            await runner.RunAsync(CancellationToken.None);
            for (var round = 0; round < rounds; round++)
            {
                await FeedServerProcess.AdvanceAsync(server);
                var (gen0, gen1, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
                var pause = GC.GetTotalPauseDuration();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var report = await runner.RunAsync(CancellationToken.None);
                Console.WriteLine($"round {round}: {clock.ElapsedMilliseconds} ms (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms), allocated {(GC.GetTotalAllocatedBytes() - allocated) / (1024 * 1024)} MB, " +
                    $"collections {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}; {report}");
            }
            return 0;
        }
        finally
        {
            await FeedServerProcess.StopAsync(server);
            BenchServices.DeleteScratch(data);
        }
    }
}
