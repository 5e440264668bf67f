using System.Diagnostics;
using System.Globalization;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Storage.Sqlite;

namespace Clipping.Benchmarks;

/// <summary>
/// Moving a whole site: a SQLite store of N clippings and M contributors generated here, then <c>clipping store
/// copy</c> to another SQLite file (to Table Storage, Azurite at CLIPPING_BENCH_STORAGE, with CLIPPING_BENCH_TABLES=1)
/// and back, and <c>store export</c> and <c>store import</c>, each a whole process: wall time, CPU and peak resident
/// memory (VmHWM).
/// </summary>
internal static class StoreCopyBenchmark
{
    public static async Task<int> RunAsync(int clippings, int contributors, string? hostDirectory)
    {
        var storage = Environment.GetEnvironmentVariable("CLIPPING_BENCH_STORAGE") ?? "";
        if (Environment.GetEnvironmentVariable("CLIPPING_BENCH_TABLES") == "1" && storage.Length == 0)
        {
            Console.Error.WriteLine("Set CLIPPING_BENCH_STORAGE to Azurite's connection string: CLIPPING_BENCH_STORAGE=$(bash .ci/azurite start)");
            return 2;
        }
        var scratch = BenchServices.ScratchDirectory("store-copy");
        try
        {
            var source = Path.Combine(scratch, "source.db");
            var generate = Stopwatch.StartNew();
            await GenerateAsync(source, clippings, contributors);
            Console.WriteLine($"generated {clippings:N0} clippings and {contributors:N0} contributors in {generate.Elapsed.TotalSeconds:0.0} s ({new FileInfo(source).Length / 1e6:0.0} MB)");
            var environment = new Dictionary<string, string>
            {
                ["Clipping__DataDirectory"] = scratch,
                ["Clipping__Topics__0__Name"] = "Big Society",
                ["Clipping__Storage__TablePrefix"] = "b" + Guid.NewGuid().ToString("N")[..16],
            };
            var archive = Path.Combine(scratch, "site.jsonl.gz");
            // Azurite's time per row grows with the rows already in a partition (1,000 clippings: 32 s; 2,000: 248 s), so
            // Table Storage is measured only when asked for, at sizes it can take; SQLite at any size.
            var tables = Environment.GetEnvironmentVariable("CLIPPING_BENCH_TABLES") == "1";
            var back = tables ? storage : Path.Combine(scratch, "middle.db");
            var steps = new (string Name, string[] Args, Dictionary<string, string>? Extra)[]
            {
                (tables ? "copy SQLite -> Table Storage" : "copy SQLite -> SQLite", ["store", "copy", "--from", source, "--to", back], null),
                (tables ? "copy Table Storage -> SQLite" : "copy SQLite -> SQLite again", ["store", "copy", "--from", back, "--to", Path.Combine(scratch, "back.db")], null),
                ("export (SQLite)", ["store", "export", archive], new() { ["Clipping__DataDirectory"] = Path.Combine(scratch, "back") }),
                ("import (SQLite)", ["store", "import", archive], new() { ["Clipping__DataDirectory"] = Path.Combine(scratch, "imported") }),
            };
            foreach (var (name, args, extra) in steps)
            {
                if (name.StartsWith("export", StringComparison.Ordinal))
                {
                    Directory.CreateDirectory(Path.Combine(scratch, "back"));
                    File.Copy(Path.Combine(scratch, "back.db"), Path.Combine(scratch, "back", "clipping.db"), overwrite: true);
                }
                var env = new Dictionary<string, string>(environment);
                foreach (var (k, v) in extra ?? []) env[k] = v;
                var (exit, wall, cpu, peakKb, output) = await RunMeasuredAsync(hostDirectory, env, args);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-30} {wall.TotalSeconds,7:0.0} s wall  {cpu,6:0.0} s CPU  {peakKb / 1024.0,6:0} MB peak  exit {exit}"));
                if (exit != 0)
                {
                    Console.WriteLine(output);
                    return 1;
                }
            }
            return 0;
        }
        finally
        {
            BenchServices.DeleteScratch(scratch);
        }
    }

    private static async Task GenerateAsync(string path, int clippings, int contributors)
    {
        var store = new SqliteClippingStore(path);
        await store.InitializeAsync(CancellationToken.None);
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < contributors; c++)
        {
            await store.AddContributorAsync(new Contributor($"c{c:D5}", $"Blogger {c}", $"https://b{c}.example/", $"https://b{c}.example/feed/",
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, now.AddDays(-c % 300), new FeedState(ETag: $"\"{c}\"", LastSuccess: now)), CancellationToken.None);
        }
        foreach (var chunk in Enumerable.Range(0, clippings).Chunk(1000))
        {
            await store.SaveSightingsAsync("big-society", [.. chunk.Select(i =>
            {
                var link = $"https://b{i % contributors}.example/{i}";
                var contributor = $"c{i % contributors:D5}";
                return new Sighting("big-society", CanonicalUrl.Hash(CanonicalUrl.Of(link)!), CanonicalUrl.Of(link)!, contributor, $"Blogger {i % contributors}", $"https://b{i % contributors}.example/",
                    "item-" + i, link, $"Post {i} on volunteers and councils", "Some words about the big society, volunteers and local councils.",
                    $"<p>Post {i}: {string.Join(' ', Enumerable.Repeat("text of a typical blog post", 40))}</p>", null, now.AddMinutes(-i * 7), now,
                    ["Big Society", $"theme {i % 40}"], [$"Blogger {i % contributors}"], "hash" + i);
            })], CancellationToken.None);
        }
    }

    private static async Task<(int Exit, TimeSpan Wall, double CpuSeconds, long PeakKb, string Output)> RunMeasuredAsync(string? hostDirectory, Dictionary<string, string> environment, string[] args)
    {
        var start = BenchServices.ClippingCommand(hostDirectory, args);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        double cpu = 0;
        while (!process.HasExited)
        {
            // VmHWM is the peak so far, kept by the kernel: the last reading before exit is the process's peak.
            try
            {
                foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Math.Max(peak, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
                }
                var stat = File.ReadAllText($"/proc/{process.Id}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
            }
            await Task.Delay(20);
        }
        await process.WaitForExitAsync();
        return (process.ExitCode, clock.Elapsed, cpu, peak, await output + await error);
    }
}
