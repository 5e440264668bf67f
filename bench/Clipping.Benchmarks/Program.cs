using BenchmarkDotNet.Running;
using Clipping.Benchmarks;

// Benchmarks for the budgets in DEVELOPERS.md; results and the commands that produced them are in bench/RESULTS.md.
// Run with: dotnet run -c Release --project bench/Clipping.Benchmarks -- <refresh|serve|startup|functions-startup|parse> [options]
var command = args.FirstOrDefault() ?? "help";
int Number(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var n) ? n : fallback;

return command switch
{
    "refresh" => await RefreshBenchmark.RunAsync(feeds: Number(1, 1000), rounds: Number(2, 3)),
    "serve" => await ServeBenchmark.RunAsync(TimeSpan.FromSeconds(Number(1, 10))),
    "serve-mix" => await ServeMixBenchmark.RunAsync(hostDirectory: args.ElementAtOrDefault(3), perPage: TimeSpan.FromSeconds(Number(1, 5)), mixed: TimeSpan.FromSeconds(Number(2, 60)), contributors: Number(4, 1000)),
    "startup" => await StartupBenchmark.RunAsync(rounds: Number(1, 5), hostDirectory: args.ElementAtOrDefault(2)),
    "functions-startup" when args.Length > 1 => await FunctionsStartupBenchmark.RunAsync(appDirectory: args[1], rounds: Number(2, 5)),
    "parse" => RunParse(args.Skip(1).ToArray()),
    "profile" => await ProfileRefresh.RunAsync(Number(1, 1000)),
    "changed-loop" => await ChangedRunLoop.RunAsync(feeds: Number(1, 1000), rounds: Number(2, 20)),
    "feed-server" => await FeedServerProcess.RunAsync(Number(1, 1000), Number(2, 1), TimeSpan.FromMilliseconds(Number(3, 0))),
    "digests" => await DigestBenchmark.RunAsync(subscribers: Number(1, 10_000)),
    "store-copy" => await StoreCopyBenchmark.RunAsync(clippings: Number(1, 10_000), contributors: Number(2, 1000), hostDirectory: args.ElementAtOrDefault(3)),
    "queue" when args.Length > 2 => await QueueBenchmark.RunAsync(appDirectory: args[1], cliDirectory: args[2], feeds: Number(3, 10000), delayMilliseconds: Number(4, 100)),
    _ => Help(),
};

static int RunParse(string[] rest)
{
    BenchmarkSwitcher.FromTypes([typeof(ParseBenchmarks)]).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Help()
{
    Console.WriteLine("usage: Clipping.Benchmarks refresh [feeds] [rounds] | serve [seconds] | serve-mix [seconds-per-page] [mix-seconds] [clipping-dir] [contributors] | startup [rounds] [clipping-dir] | functions-startup APP_DIR [rounds] | queue APP_DIR CLIPPING_DIR [feeds] [delay-ms] | store-copy [clippings] [contributors] [clipping-dir] | digests [subscribers] | parse [BenchmarkDotNet options]");
    return 2;
}
