using System.Diagnostics;

namespace Clipping.Tests.TestSupport;

/// <summary>Runs the built <c>clipping</c> command as an operator would, in its own process, with settings in its environment.</summary>
public static class ClippingProcess
{
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
    public static async Task<Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clipping.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
