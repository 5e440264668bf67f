using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Clipping.Clippings;
using Clipping.Storage.Tables;

namespace Clipping.Benchmarks;

/// <summary>
/// Budget: from starting the Azure Functions host (../shared/functions-host) with the app to the first page served,
/// under 3 s. Each round starts a host on a store holding 30 clippings (a fresh deployment: the host has never run
/// with this store), stops it, and starts it again (an instance brought back after going idle); the self-host's
/// start-up is measured in the same run, for comparison. Needs Azurite's blobs, queues and tables, named by
/// CLIPPING_BENCH_STORAGE (<c>bash .ci/azurite start</c> prints the connection string).
/// </summary>
internal static class FunctionsStartupBenchmark
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    // What the host prints as it starts: before the first, it is starting itself; by the second, it has started the
    // worker and had the app's functions from it; by the third, it answers requests; the fourth, when it hands the
    // first request for the page to the worker. The host hands "/" to whichever function its own routing picks (the
    // catch-all, as it happens: the worker routes every request afresh), so any function's first invocation counts.
    private const string LoadingFunctions = "Loading functions metadata";
    private const string Initialized = "Host initialized";
    private const string Listening = "Now listening on";
    private const string Invoked = "Executing 'Functions.";
    private const string Executed = "Executed 'Functions.";
    private static readonly string[] Stages = [LoadingFunctions, Initialized, Listening, Invoked, Executed];

    public static async Task<int> RunAsync(string appDirectory, int rounds)
    {
        var storage = Environment.GetEnvironmentVariable("CLIPPING_BENCH_STORAGE");
        if (string.IsNullOrEmpty(storage))
        {
            Console.Error.WriteLine("Set CLIPPING_BENCH_STORAGE to Azurite's connection string: CLIPPING_BENCH_STORAGE=$(bash .ci/azurite start)");
            return 2;
        }
        appDirectory = Path.GetFullPath(appDirectory);
        var runHost = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "functions-host", "run-host"));

        var fresh = new List<Sample>();
        var restarted = new List<Sample>();
        var selfHost = new List<Sample>();
        // The first round unpacks the host and warms the disk cache; it is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            var prefix = "b" + Guid.NewGuid().ToString("N")[..16];
            await SeedAsync(storage, prefix);
            var settings = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = storage,
                ["FUNCTIONS_MASTER_KEY"] = "bench-master-key",
                ["Clipping__Storage__ConnectionString"] = storage,
                ["Clipping__Storage__TablePrefix"] = prefix,
                ["Clipping__Topics__0__Name"] = "Big Society",
                ["Clipping__Refresh__Schedule"] = "0 0 0 1 1 *",
                ["Clipping__Backup__Schedule"] = "0 0 0 1 1 *",
                ["AzureFunctionsWebHost__hostid"] = prefix,
            };
            var first = await FirstPage.TimeAsync(port => FunctionsHost(runHost, appDirectory, port, settings), markers: Stages);
            var again = await FirstPage.TimeAsync(port => FunctionsHost(runHost, appDirectory, port, settings), markers: Stages);
            var self = await StartupBenchmark.TimeSelfHostAsync();
            if (round == 0) continue;
            fresh.Add(first);
            restarted.Add(again);
            selfHost.Add(self);
        }

        Console.WriteLine($"start-up to first page, median of {rounds} (app: {appDirectory}):");
        Print("Functions host, fresh deployment", fresh);
        Print("Functions host, restarted instance", restarted);
        Print("self-host (clipping serve, this build)", selfHost);
        var ok = Median(fresh.Select(s => s.ToFirstPage)) < Budget && Median(restarted.Select(s => s.ToFirstPage)) < Budget;
        Console.WriteLine(ok ? "within budget (3000 ms)" : "OVER BUDGET (3000 ms)");
        return ok ? 0 : 1;
    }

    private static void Print(string what, List<Sample> samples)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-40} {Median(samples.Select(s => s.ToFirstPage)).TotalMilliseconds,6:0} ms   first page request alone {Median(samples.Select(s => s.FirstRequest)).TotalMilliseconds,5:0} ms   (all: {string.Join(", ", samples.Select(s => s.ToFirstPage.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))})"));
        // The host's own account of the first invocation: "Executed 'Functions.Page' (Succeeded, Id=..., Duration=123ms)".
        if (samples.All(s => s.Markers.Count == 0)) return;
        if (Stages.Where(stage => samples.Any(s => !s.Markers.ContainsKey(stage))).ToList() is { Count: > 0 } missing)
        {
            Console.WriteLine($"    (no breakdown: the host did not print {string.Join(", ", missing.Select(m => $"'{m}'"))})");
            return;
        }
        static double Duration(Sample s) => double.Parse(
            System.Text.RegularExpressions.Regex.Match(s.Markers[Executed].Line, @"Duration=(\d+)ms").Groups[1].Value, CultureInfo.InvariantCulture);
        TimeSpan At(Sample s, string marker) => s.Markers[marker].At;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    the host starting itself {Median(samples.Select(s => At(s, LoadingFunctions))).TotalMilliseconds,5:0} ms; " +
            $"starting the worker and indexing the app {Median(samples.Select(s => At(s, Initialized) - At(s, LoadingFunctions))).TotalMilliseconds,5:0} ms; " +
            $"triggers and listener {Median(samples.Select(s => At(s, Listening) - At(s, Initialized))).TotalMilliseconds,5:0} ms; " +
            $"then to the first page {Median(samples.Select(s => s.ToFirstPage - At(s, Listening))).TotalMilliseconds,5:0} ms " +
            $"(of which the worker, from the host's hand-over to the page received: {Median(samples.Select(s => s.ToFirstPage - At(s, Invoked))).TotalMilliseconds,4:0} ms; " +
            $"the function's duration as the host logs it: {samples.Select(Duration).Order().ElementAt(samples.Count / 2),4:0} ms)"));
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var ordered = times.Order().ToList();
        return ordered[ordered.Count / 2];
    }

    private static ProcessStartInfo FunctionsHost(string runHost, string appDirectory, int port, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { runHost, appDirectory, port.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in settings) start.Environment[key] = value;
        // The site's address configured, as in Azure: the page the worker renders while the host starts is then the
        // one the first reader asks for.
        start.Environment["Clipping__Site__BaseUrl"] = $"http://127.0.0.1:{port}/";
        return start;
    }

    /// <summary>Thirty clippings, so the first page renders a real page rather than an empty one.</summary>
    private static async Task SeedAsync(string storage, string prefix)
    {
        var store = new TableClippingStore(new TableServiceClient(storage), prefix);
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var sightings = Enumerable.Range(0, 30).Select(i =>
        {
            var url = $"https://blog{i % 5}.example.org/2026/11/post-{i}/";
            return new Sighting("big-society", CanonicalUrl.Hash(CanonicalUrl.Of(url)!), CanonicalUrl.Of(url)!, $"blog{i % 5}", $"Blog {i % 5}", null,
                url, url, $"Post {i} on the Big Society", "An excerpt of a few words.", "<p>An excerpt of a few words.</p>", null,
                now.AddHours(-i), now, ["Big Society"], [$"Author {i % 5}"]);
        }).ToList();
        await store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clipping.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run the benchmark from the repository's build output.");
    }
}

/// <summary>
/// How long a process took from its start to its first 200 on <c>/</c>, how long that one request took, and when the
/// process first printed each marker it was asked to watch for.
/// </summary>
internal sealed record Sample(TimeSpan ToFirstPage, TimeSpan FirstRequest, IReadOnlyDictionary<string, (TimeSpan At, string Line)> Markers);

internal static class FirstPage
{
    /// <summary>Starts the process, polls <c>/</c> until it answers 200, then stops it (SIGTERM, as a host is stopped).</summary>
    public static async Task<Sample> TimeAsync(Func<int, ProcessStartInfo> startInfo, TimeSpan? timeout = null, IReadOnlyList<string>? markers = null)
    {
        var port = BenchServices.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, (TimeSpan, string)>();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo(port) };
        process.OutputDataReceived += (_, e) =>
        {
            foreach (var marker in markers ?? []) if (e.Data?.Contains(marker, StringComparison.Ordinal) == true) seen.TryAdd(marker, (clock.Elapsed, e.Data));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Sample? sample = null;
        try
        {
            while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
            {
                var asked = clock.Elapsed;
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.StatusCode == System.Net.HttpStatusCode.OK)
                    {
                        sample = new Sample(clock.Elapsed, clock.Elapsed - asked, seen);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(5);
            }
        }
        finally
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return sample ?? throw new TimeoutException($"Nothing served {url} in time.");
    }
}
