using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Clipping.Web.Endpoints;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// The built Functions app under the Azure Functions host of ../shared/functions-host, as Azure runs it: the host
/// process on a loopback port, the app's worker over gRPC, Azurite for the host's blobs and queues and the app's
/// tables. Its settings go in as app settings do in Azure, through the environment. Everything the host and worker
/// print is kept, and a failure shows its tail.
/// </summary>
public sealed partial class FunctionsHostUnderTest : IAsyncDisposable
{
    public const string MasterKey = "test-master-key-0123456789";

    // run-host gives the app one function key, the master key with "-fn" after it.
    public const string FunctionKey = MasterKey + "-fn";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TempDirectory _state;

    private FunctionsHostUnderTest(Process process, TempDirectory state, int port)
    {
        _process = process;
        _state = state;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress };
        Manage = new HttpClient { BaseAddress = BaseAddress };
        Manage.DefaultRequestHeaders.Add(AdminEndpoints.KeyHeader, SiteUnderTest.AdminKey);
        Manage.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        HostAdmin = new HttpClient { BaseAddress = BaseAddress };
        HostAdmin.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A reader's or contributor's client: no keys.</summary>
    public HttpClient Http { get; }

    /// <summary>A moderator's client: the app's admin key and a function key, as the moderation functions require.</summary>
    public HttpClient Manage { get; }

    /// <summary>The host's own admin API, with the master key.</summary>
    public HttpClient HostAdmin { get; }

    /// <summary>Everything the host and its worker printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 80) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    /// <summary>Where the build put the Functions app (tests/Clipping.Tests.csproj records it at build time).</summary>
    public static string AppDirectory =>
        typeof(FunctionsHostUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;

    public static string RunHost => Path.GetFullPath(Path.Combine(Fixtures.RepoRoot, "..", "shared", "functions-host", "run-host"));

    /// <summary>
    /// Starts a host and waits until the worker answers <c>/health</c>. Settings are the app's (<c>Clipping__...</c>);
    /// the Table Storage connection, a table prefix, the admin key and loopback feeds are set unless given.
    /// </summary>
    /// <param name="hostId">Hosts given the same id act as instances of one app: they share timer locks and schedules.</param>
    /// <param name="waitUntilServing">False for a test of an app that must not start: it returns once the host is launched.</param>
    public static async Task<FunctionsHostUnderTest> StartAsync(
        IDictionary<string, string> settings, string environment = "Production", string? hostId = null, bool waitUntilServing = true, int? port = null)
    {
        Assert.True(File.Exists(Path.Combine(AppDirectory, "functions.metadata")),
            $"The Functions app is not built at {AppDirectory}: build Clipping.sln first.");
        var state = new TempDirectory();
        var listen = port ?? FreePorts.Next();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RunHost);
        start.ArgumentList.Add(AppDirectory);
        start.ArgumentList.Add(listen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["AzureWebJobsStorage"] = TableStorage.ConnectionString;
        start.Environment["FUNCTIONS_MASTER_KEY"] = MasterKey;
        start.Environment["FUNCTIONS_HOST_STATE"] = state.Path;
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = environment;
        // The host's id names its timer locks and schedule records in AzureWebJobsStorage (up to 32 characters).
        start.Environment["AzureFunctionsWebHost__hostid"] = hostId ?? "t" + Guid.NewGuid().ToString("N")[..30];
        var all = new Dictionary<string, string>
        {
            ["Clipping__Storage__ConnectionString"] = TableStorage.ConnectionString,
            ["Clipping__Storage__TablePrefix"] = TableStorage.UniquePrefix(),
            ["Clipping__Admin__Key"] = SiteUnderTest.AdminKey,
            ["Clipping__Registration__MaxPerClient"] = "1000",
            ["Clipping__Fetch__AllowPrivateNetworks"] = "true",
            ["Clipping__Fetch__AllowAnyPort"] = "true",
            ["Clipping__Topics__0__Name"] = "Big Society",
            ["Clipping__Topics__0__Slug"] = "big-society",
            // Far enough away that the schedule never fires during a test: the test runs the timer when it wants.
            ["Clipping__Refresh__Schedule"] = "0 0 0 1 1 *",
            ["Clipping__Backup__Schedule"] = "0 0 0 1 1 *",
        };
        foreach (var (key, value) in settings) all[key] = value;
        // One refresh queue per store, as each deployment has its own: hosts sharing a store (instances of one app)
        // share it, and tests running side by side on one Azurite never take each other's batches.
        all.TryAdd("Clipping__Refresh__Queue", all["Clipping__Storage__TablePrefix"].ToLowerInvariant() + "-refresh");
        all.TryAdd("Clipping__Email__Queue", all["Clipping__Storage__TablePrefix"].ToLowerInvariant() + "-digests");
        all.TryAdd("Clipping__Backup__Container", all["Clipping__Storage__TablePrefix"].ToLowerInvariant() + "-backups");
        foreach (var (key, value) in all) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var host = new FunctionsHostUnderTest(process, state, listen);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (waitUntilServing) await host.WaitUntilServingAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Runs a timer function now through the host's admin API and waits until the host says it finished.</summary>
    /// <returns>What the host and worker logged from the run's start to its end (the refresh report among it).</returns>
    public async Task<string> RunTimerAsync(string function, TimeSpan? timeout = null)
    {
        var executedBefore = Executions(function).Count;
        using var response = await HostAdmin.PostAsync($"admin/functions/{function}",
            new StringContent("""{"input":""}""", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"running {function}: {(int)response.StatusCode}\n{LogTail()}");
        await WaitForAsync(() => Executions(function).Count > executedBefore, timeout ?? TimeSpan.FromSeconds(90), $"{function} to finish");
        var outcome = Executions(function)[executedBefore];
        Assert.True(outcome.Groups["result"].Value == "Succeeded", $"{function}: {outcome.Value}\n{LogTail()}");
        var log = Log;
        var started = log.IndexOf($"Id={outcome.Groups["id"].Value})", StringComparison.Ordinal);
        return log[started..(outcome.Index + outcome.Length)];
    }

    /// <summary>
    /// Runs the refresh timer now and waits until the run it queued has finished, on this host or any other instance
    /// sharing its store (the batches go to whichever takes them).
    /// </summary>
    /// <returns>The run's id and the line that reported it finished.</returns>
    public async Task<(string RunId, string Finished)> RunRefreshAsync(Func<string>? logs = null, TimeSpan? timeout = null)
    {
        var timer = await RunTimerAsync("Refresh");
        var queued = QueuedLine().Match(timer);
        Assert.True(queued.Success, $"The timer queued no run:\n{timer}");
        var runId = queued.Groups["run"].Value;
        logs ??= () => Log;
        string? finished = null;
        await WaitForAsync(() => (finished = FinishedLine(logs(), runId)) is not null, timeout ?? TimeSpan.FromSeconds(90), $"run {runId} to finish");
        return (runId, finished!);
    }

    /// <summary>The line a run's last batch logs when it finishes the run, or null before then.</summary>
    public static string? FinishedLine(string log, string runId)
    {
        var at = log.IndexOf($"Refresh run {runId} finished:", StringComparison.Ordinal);
        return at < 0 ? null : log[at..log.IndexOf('\n', at)];
    }

    /// <summary>The host's "Executed 'Functions.X' (Succeeded|Failed, Id=...)" lines for a function, oldest first.</summary>
    public IReadOnlyList<Match> Executions(string function) =>
        ExecutedLine().Matches(Log).Where(m => m.Groups["name"].Value == function).ToList();

    /// <summary>Runs a test's steps against this host; any failure is reported with the tail of the host's log beside it.</summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e) when (e is not HostLogAttached)
        {
            throw new HostLogAttached($"{e.Message}\n--- the host's log, last lines ---\n{LogTail()}", e);
        }
    }

    /// <summary>A test failure with the host's log appended, so a CI log shows why the host did what it did.</summary>
    public sealed class HostLogAttached(string message, Exception inner) : Exception(message, inner);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with the log's tail after <paramref name="timeout"/>.</summary>
    public Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitForAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>The same, for a condition that asks the site.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.\n{LogTail()}");
            Assert.False(_process.HasExited, $"The host exited while waiting for {what}.\n{LogTail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Ends the host and its worker at once (SIGKILL), as a crashed or reclaimed instance ends: nothing is released,
    /// so queue messages it had taken stay invisible until their visibility timeout passes.
    /// </summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Manage.Dispose();
        HostAdmin.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM lets the host release its locks and stop the worker, as Azure stops an instance.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        _state.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Append(line).Append('\n');
    }

    private async Task WaitUntilServingAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await WaitForAsync(async () =>
        {
            try
            {
                using var response = await probe.GetAsync("health");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, StartTimeout, "the host to serve /health");
    }


    [GeneratedRegex(@"Refresh run (?<run>\S+): \d+ feeds queued in \d+ batches")]
    private static partial Regex QueuedLine();

    [GeneratedRegex(@"Executed 'Functions\.(?<name>[A-Za-z]+)' \((?<result>Succeeded|Failed), Id=(?<id>[0-9a-f-]+)")]
    private static partial Regex ExecutedLine();
}
