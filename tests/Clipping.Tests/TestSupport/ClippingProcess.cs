using System.Diagnostics;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// Runs the built <c>clipping</c> command as an operator would, in its own process, with settings in its environment.
/// With CLIPPING_COMMAND set to a native build's executable (<c>bash .ci/test</c> publishes one and runs the command
/// tests again with it), that executable runs instead of the built <c>clipping.dll</c>.
/// </summary>
public static class ClippingProcess
{
    public const string CommandVariable = "CLIPPING_COMMAND";

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Settings for a command run against a scratch data folder, with feeds on loopback (any port) allowed.</summary>
    public static Dictionary<string, string> Environment(string dataDirectory) => new()
    {
        ["Clipping__DataDirectory"] = dataDirectory,
        ["Clipping__Fetch__AllowPrivateNetworks"] = "true",
        ["Clipping__Fetch__AllowAnyPort"] = "true",
        ["Clipping__Topics__0__Name"] = "Big Society",
        ["Clipping__Topics__0__Slug"] = "big-society",
    };

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunInAsync(AppContext.BaseDirectory, environment, args);

    /// <summary>Runs the command from <paramref name="workingDirectory"/>, as an operator in some folder of theirs would.</summary>
    public static Task<Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunInAsync(workingDirectory, environment, TimeSpan.FromSeconds(60), args);

    /// <summary>Runs a command that may take longer than a minute (a large copy).</summary>
    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] args) =>
        RunInAsync(AppContext.BaseDirectory, environment, limit, args);

    private static async Task<Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A command that overran must not go on working in the background of later tests.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"clipping {string.Join(' ', args)} ran past {limit.TotalSeconds:0} s");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a command that runs until stopped (<c>serve</c>); disposing the handle stops it.</summary>
    public static Running Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(StartInfo(AppContext.BaseDirectory, environment, args))!;
        return new Running(process);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var native = System.Environment.GetEnvironmentVariable(CommandVariable);
        var start = new ProcessStartInfo(string.IsNullOrEmpty(native) ? "dotnet" : native)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (string.IsNullOrEmpty(native)) start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clipping.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>A running command; its output so far is kept for a failing assertion to show.</summary>
    public sealed class Running : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        internal Running(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        public bool HasExited => _process.HasExited;

        /// <summary>Waits until <paramref name="url"/> answers, or fails with what the process printed.</summary>
        public async Task WaitUntilAnsweringAsync(HttpClient client, Uri url)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"clipping exited with {_process.ExitCode}:\n{Output}");
                try
                {
                    using var response = await client.GetAsync(url, timeout.Token);
                    return;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(50, timeout.Token);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
