using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Clipping.Contributors;
using Clipping.Storage.Tables;

namespace Clipping.Benchmarks;

/// <summary>
/// A first refresh of many feeds (each host serving 20, each answer delayed as a network would; no post on the site's
/// topic, so the store takes feed states and run records only) three ways over the
/// same feeds and the same Azurite: the single-process runner (<c>clipping refresh</c> on Table Storage), and the
/// Functions app fanning the run out over its queue with one and with two host processes (../shared/functions-host).
/// Each run starts on a store of its own, so each fetches every feed. Reported: the run's time (from the store's
/// record of it), how late feeds were refreshed after the run began, and each process's peak memory (VmHWM).
/// Needs Azurite (CLIPPING_BENCH_STORAGE), the built Functions app and the built self-host.
/// </summary>
internal static class QueueBenchmark
{
    private const int FeedsPerHost = 20;
    private static readonly TimeSpan Late = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string appDirectory, string cliDirectory, int feeds, int delayMilliseconds)
    {
        var storage = Environment.GetEnvironmentVariable("CLIPPING_BENCH_STORAGE");
        if (string.IsNullOrEmpty(storage))
        {
            Console.Error.WriteLine("Set CLIPPING_BENCH_STORAGE to Azurite's connection string: CLIPPING_BENCH_STORAGE=$(bash .ci/azurite start)");
            return 2;
        }
        appDirectory = Path.GetFullPath(appDirectory);
        var cli = Path.GetFullPath(cliDirectory);
        var runHost = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "functions-host", "run-host"));
        var hosts = Math.Max(1, feeds / FeedsPerHost);
        var (server, baseUrl) = await FeedServerProcess.StartAsync(feeds, hosts, delayMilliseconds);
        try
        {
            var urls = Enumerable.Range(0, feeds).Select(i => FeedServerProcess.UrlOf(baseUrl, i, hosts)).ToList();
            Console.WriteLine($"{feeds} feeds on {hosts} loopback hosts, each answer delayed {delayMilliseconds} ms; first refresh of each, on Azurite");
            var single = await SingleProcessAsync(storage, cli, urls);
            var one = await QueuedAsync(storage, runHost, appDirectory, urls, instances: 1);
            var two = await QueuedAsync(storage, runHost, appDirectory, urls, instances: 2);
            foreach (var result in new[] { single, one, two }) Console.WriteLine(result);
        }
        finally
        {
            await FeedServerProcess.StopAsync(server);
        }
        return 0;
    }

    private sealed record Result(string What, TimeSpan Run, int Feeds, IReadOnlyList<TimeSpan> Latencies, IReadOnlyList<(string Process, long PeakKb, double CpuSeconds)> Memory)
    {
        public override string ToString()
        {
            var ordered = Latencies.Order().ToList();
            TimeSpan At(double share) => ordered.Count == 0 ? TimeSpan.Zero : ordered[Math.Min(ordered.Count - 1, (int)(ordered.Count * share))];
            var late = ordered.Count(l => l > Late) / (double)Math.Max(1, Feeds);
            return FormattableString.Invariant(
                $"  {What,-30} run {Run.TotalSeconds,6:0.0} s; feeds refreshed {ordered.Count}/{Feeds}, after the run began: median {At(0.5).TotalSeconds:0.0} s, ") +
                FormattableString.Invariant($"p95 {At(0.95).TotalSeconds:0.0} s, last {At(1).TotalSeconds:0.0} s; late (over {Late.TotalSeconds:0} s) {late:P1}; peak memory and CPU ") +
                string.Join(", ", Memory.Select(m => FormattableString.Invariant($"{m.Process} {m.PeakKb / 1024.0:0} MB {m.CpuSeconds:0.0} s")));
        }
    }

    private static async Task<TableClippingStore> SeedAsync(string storage, string prefix, IReadOnlyList<Uri> urls)
    {
        var store = new TableClippingStore(new TableServiceClient(storage), prefix);
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (url, token) =>
            await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url.AbsoluteUri), $"Blog {url.Host} {url.Segments[^1]}", null, url.AbsoluteUri,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, now, FeedState.New), token));
        // Recorded as refreshed: an instance starting must not run a catch-up refresh of its own before the measured one.
        await store.TryRecordRefreshStartAsync(null, now, CancellationToken.None);
        return store;
    }

    private static Dictionary<string, string> AppSettings(string storage, string prefix) => new()
    {
        ["Clipping__Storage__ConnectionString"] = storage,
        ["Clipping__Storage__TablePrefix"] = prefix,
        // A topic no synthetic post carries: every feed is fetched, parsed and judged, and nothing is clipped. Azurite's
        // tables (one Node.js thread, kept in memory) cannot take 5,000 new clippings a minute with their view rows, and
        // a figure dominated by the emulator would say nothing about how the refresh spreads over instances.
        ["Clipping__Topics__0__Name"] = "Not a synthetic topic",
        // The self-host's appsettings.json gives the first topic a slug and aliases of its own: these replace them.
        ["Clipping__Topics__0__Slug"] = "not-a-synthetic-topic",
        ["Clipping__Topics__0__Aliases__0"] = "not-a-synthetic-tag",
        ["Clipping__Topics__0__Aliases__1"] = "not-a-synthetic-tag-either",
        ["Clipping__Fetch__AllowPrivateNetworks"] = "true",
        ["Clipping__Fetch__AllowAnyPort"] = "true",
        ["Clipping__Refresh__Schedule"] = "0 0 0 1 1 *",
        ["Clipping__Refresh__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static async Task<Result> SingleProcessAsync(string storage, string cli, IReadOnlyList<Uri> urls)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..16];
        var store = await SeedAsync(storage, prefix, urls);
        var start = BenchServices.ClippingCommand(cli, "refresh");
        foreach (var (key, value) in AppSettings(storage, prefix)) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var peak = new PeakMemory();
        peak.Watch("clipping refresh", process.Id);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        peak.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"clipping refresh failed: {await output}{await errors}");
        return await ResultAsync("single process (clipping refresh)", store, urls.Count, peak);
    }

    private static async Task<Result> QueuedAsync(string storage, string runHost, string appDirectory, IReadOnlyList<Uri> urls, int instances)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..16];
        var store = await SeedAsync(storage, prefix, urls);
        var settings = AppSettings(storage, prefix);
        settings["AzureWebJobsStorage"] = storage;
        settings["FUNCTIONS_MASTER_KEY"] = "bench-master-key";
        settings["AzureFunctionsWebHost__hostid"] = prefix;
        settings["Clipping__Refresh__Queue"] = prefix + "-refresh";
        settings["Clipping__Backup__Schedule"] = "0 0 0 1 1 *";
        // Each instance logs every batch; the console is not what is measured.
        settings["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning";
        var peak = new PeakMemory();
        var started = new List<(Process Process, int Port)>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var port = BenchServices.FreePort();
                var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var arg in new[] { runHost, appDirectory, port.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
                foreach (var (key, value) in settings) start.Environment[key] = value;
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                started.Add((process, port));
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (process, port) in started) await WaitForHealthAsync(http, port);
            for (var i = 0; i < started.Count; i++)
            {
                peak.Watch($"host {i + 1}", started[i].Process.Id);
                peak.Watch($"worker {i + 1}", WorkerOf(started[i].Process.Id));
            }
            using var trigger = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{started[0].Port}/admin/functions/Refresh")
            {
                Content = new StringContent("""{"input":""}""", System.Text.Encoding.UTF8, "application/json"),
            };
            trigger.Headers.Add("x-functions-key", "bench-master-key");
            (await http.SendAsync(trigger)).EnsureSuccessStatusCode();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if ((await store.GetRecentRunsAsync(1, CancellationToken.None)).FirstOrDefault() is { InFlight: false }) break;
                if (clock.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException("The queued run did not finish in 30 minutes.");
                await Task.Delay(250);
            }
            peak.Stop();
        }
        finally
        {
            foreach (var (process, _) in started)
            {
                using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            }
            foreach (var (process, _) in started)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        return await ResultAsync($"queue, {instances} host process{(instances == 1 ? "" : "es")}", store, urls.Count, peak);
    }

    private static async Task<Result> ResultAsync(string what, TableClippingStore store, int feeds, PeakMemory peak)
    {
        var run = (await store.GetRecentRunsAsync(1, CancellationToken.None)).Single(r => !r.InFlight);
        var latencies = (await store.GetContributorsAsync(CancellationToken.None))
            .Where(c => c.State.LastAttempt is not null && c.State.LastSuccess == c.State.LastAttempt)
            .Select(c => c.State.LastAttempt!.Value - run.Started)
            .ToList();
        return new Result(what, run.Finished!.Value - run.Started, feeds, latencies, peak.Peaks);
    }

    private static async Task WaitForHealthAsync(HttpClient http, int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The host on port {port} did not start.");
    }

    // The worker is the host's child running the app (dotnet Clipping.Functions.dll).
    private static int WorkerOf(int hostId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == hostId && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("Clipping.Functions.dll", StringComparison.Ordinal)) return pid;
            }
            catch (IOException)
            {
            }
        }
        throw new InvalidOperationException($"The host {hostId} has no worker process.");
    }

    /// <summary>
    /// Each watched process's peak resident memory (VmHWM), and the CPU (user and system) it used from when it was first
    /// watched, read until it is stopped or the process ends.
    /// </summary>
    private sealed class PeakMemory
    {
        private readonly List<(string Name, int Pid)> _watched = [];
        private readonly Dictionary<string, long> _peaks = [];
        private readonly Dictionary<string, (long First, long Last)> _cpuTicks = [];
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        public IReadOnlyList<(string Process, long PeakKb, double CpuSeconds)> Peaks
        {
            get
            {
                lock (_peaks)
                {
                    return _watched.Select(w => (w.Name, _peaks.GetValueOrDefault(w.Name),
                        _cpuTicks.TryGetValue(w.Name, out var cpu) ? (cpu.Last - cpu.First) / (double)ClockTicksPerSecond : 0)).ToList();
                }
            }
        }

        // USER_HZ, which /proc/PID/stat counts in: 100 on Linux.
        private const int ClockTicksPerSecond = 100;

        public void Watch(string name, int pid)
        {
            lock (_peaks) _watched.Add((name, pid));
            _loop ??= Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Read();
                    try
                    {
                        await Task.Delay(100, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }

        public void Stop()
        {
            Read();
            _stop.Cancel();
            _loop?.Wait();
        }

        private void Read()
        {
            lock (_peaks)
            {
                foreach (var (name, pid) in _watched)
                {
                    try
                    {
                        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                        if (line is null) continue;
                        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                        _peaks[name] = Math.Max(_peaks.GetValueOrDefault(name), kb);
                        // utime and stime are the 14th and 15th fields, counted after the parenthesised command name.
                        var stat = File.ReadAllText($"/proc/{pid}/stat");
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                        _cpuTicks[name] = _cpuTicks.TryGetValue(name, out var cpu) ? (cpu.First, ticks) : (ticks, ticks);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
    }
}
