using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Storage;

namespace Clipping.Benchmarks;

/// <summary>
/// Budgets: every public page of a site with 1,000 contributors, served by the real <c>clipping serve</c> process, at
/// least half the rate Kestrel serves the same bytes as a static file, with p99 under 20 ms at 64 clients (or, where
/// opening a connection per request puts Kestrel's own static file over that, no worse than it); and the process under
/// 150 MB resident through a minute of all of them at once. Each request opens a connection of its own, as many
/// readers' clients do. The load runs in this process, on the same two cores as the server.
/// </summary>
internal static partial class ServeMixBenchmark
{
    private const int Clients = 64;
    private const long MemoryBudget = 150L * 1024 * 1024;

    public static async Task<int> RunAsync(string? hostDirectory, TimeSpan perPage, TimeSpan mixed, int contributors)
    {
        var data = BenchServices.ScratchDirectory("serve-mix");
        try
        {
            var (someContributor, clippings) = await FillAsync(data, contributors);
            var port = BenchServices.FreePort();
            using var server = StartServer(hostDirectory, data, port);
            using var stopServer = new Stopper(server);
            var site = new Uri($"http://127.0.0.1:{port}/");
            using var probe = new HttpClient { BaseAddress = site };
            await WaitForAsync(probe);
            var front = await probe.GetStringAsync("");
            var second = OlderLink().Match(front) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
            var pages = new List<string> { "", "rss.xml", "atom.xml", "feed.json", "opml.xml", "status", "archive", "archive/2026/11",
                "search?q=volunteers+councils", "tags/community", $"contributors/{someContributor}" };
            if (second is not null) pages.Add(second.TrimStart('/'));

            var staticDirectory = Directory.CreateDirectory(Path.Combine(data, "static")).FullName;
            await using var staticServer = await ServeBenchmark.StartStaticServerAsync(staticDirectory);
            var staticSite = new Uri(ServeBenchmark.AddressOf(staticServer) + "/");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clipping serve ({(hostDirectory ?? "the benchmark's build")}) with {contributors} contributors and {clippings} clippings; {Clients} clients, a new connection per request:"));
            var memory = new MemorySampler(server.Id);
            var atStart = memory.Current;
            var ok = true;
            for (var i = 0; i < pages.Count; i++)
            {
                var path = pages[i];
                var bytes = await probe.GetByteArrayAsync(path);
                var file = $"page{i}.html";
                await File.WriteAllBytesAsync(Path.Combine(staticDirectory, file), bytes);
                var baseline = await LoadAsync([new Uri(staticSite, file)], perPage);
                var result = await LoadAsync([new Uri(site, path)], perPage);
                var p99Budget = Math.Max(20, baseline.P99.TotalMilliseconds);
                var within = result.Errors == 0 && result.Rate >= baseline.Rate / 2 && result.P99.TotalMilliseconds <= p99Budget;
                ok &= within;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  /{Shorten(path),-34} {bytes.Length / 1024.0,7:0.0} KB {result.Rate,7:0} req/s  p99 {result.P99.TotalMilliseconds,6:0.0} ms  errors {result.Errors}  static {baseline.Rate,7:0} req/s p99 {baseline.P99.TotalMilliseconds,5:0.0} ms: {result.Rate / baseline.Rate:0.00}x{(within ? "" : "  OVER BUDGET")}"));
            }
            var afterPages = memory.Current;
            var mix = await LoadAsync(pages.Select(p => new Uri(site, p)).ToArray(), mixed);
            var (peak, final) = (memory.Peak, memory.Current);
            var (anonymous, files) = (memory.Read("RssAnon:"), memory.Read("RssFile:"));
            memory.Dispose();
            var memoryOk = peak <= MemoryBudget;
            ok &= memoryOk && mix.Errors == 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  mix of all {pages.Count} for {mixed.TotalSeconds:0} s: {mix.Rate:0} req/s  p99 {mix.P99.TotalMilliseconds:0.0} ms  errors {mix.Errors}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  server resident memory: {atStart / 1048576.0:0} MB after start-up and the first page, {afterPages / 1048576.0:0} MB after the pages alone, {final / 1048576.0:0} MB after the mix, peak {peak / 1048576.0:0} MB (budget {MemoryBudget / 1048576} MB; at the end {anonymous / 1048576.0:0} MB anonymous, {files / 1048576.0:0} MB mapped files){(memoryOk ? "" : "  OVER BUDGET")}"));
            Console.WriteLine(ok ? "within budget" : "OVER BUDGET");
            return ok ? 0 : 1;
        }
        finally
        {
            BenchServices.DeleteScratch(data);
        }
    }

    /// <summary>Stops the server however the benchmark ends, so no run leaves one behind.</summary>
    private sealed class Stopper(Process server) : IDisposable
    {
        public void Dispose()
        {
            if (server.HasExited) return;
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static string Shorten(string path) => path.Length <= 34 ? path : path[..31] + "...";

    [GeneratedRegex("href=\"(/\\?after=[^\"]+)\"")]
    private static partial Regex OlderLink();

    /// <summary>A store as a 1,000-blog site has it: contributors approved and polled (some failing), and their clippings.</summary>
    private static async Task<(string Contributor, int Clippings)> FillAsync(string data, int count)
    {
        await using var services = await BenchServices.StartAsync(data);
        var store = services.GetRequiredService<IClippingStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var feed = $"https://blog{i:000}.feeds.test/feed/";
            var id = ContributorIds.ForFeed(feed);
            ids.Add(id);
            var state = i % 50 == 7
                ? new FeedState(LastAttempt: now.AddMinutes(-3), LastSuccess: now.AddDays(-2), ConsecutiveFailures: 3, LastError: "HTTP 503 Service Unavailable", NextAttempt: now.AddMinutes(40))
                : new FeedState(ETag: $"\"{i:x8}\"", LastAttempt: now.AddMinutes(-3), LastSuccess: now.AddMinutes(-3), FeedTitle: $"Blog {i:000}");
            await store.AddContributorAsync(new Contributor(id, $"Blog {i:000}", $"https://blog{i:000}.feeds.test/", feed,
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, now.AddDays(-30), state), CancellationToken.None);
        }
        // About four clippings per blog over the last months, as the import of the shared benchmark's feeds gives.
        var sightings = new List<Sighting>();
        var clippings = count * 4 - count / 6;
        for (var i = 0; i < clippings; i++)
        {
            var blog = i % count;
            var link = $"https://blog{blog:000}.feeds.test/{2026 - i / 2000}/{1 + i % 11:00}/post-{i}/";
            var canonical = CanonicalUrl.Of(link)!;
            sightings.Add(new Sighting("big-society", CanonicalUrl.Hash(canonical), canonical, ids[blog], $"Blog {blog:000}", $"https://blog{blog:000}.feeds.test/",
                $"item-{i}", link, $"Post {i}: what volunteers and councils do next",
                "A summary of a post about councils, volunteers and the minibus rota, long enough to be a real excerpt of a couple of lines.",
                $"<p>Paragraph one.</p><p>Paragraph two, longer, about councils, volunteers and <a href=\"https://news.example.org/story-{i % 97}\">the minibus rota</a>.</p>",
                null, now.AddHours(-i * 1.7), now, ["Big Society", i % 3 == 0 ? "Community" : "Localism"], [$"Author {blog}"]));
            if (sightings.Count == 200)
            {
                await store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
                sightings.Clear();
            }
        }
        if (sightings.Count > 0) await store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
        return (ids[count / 2], clippings);
    }

    private static Process StartServer(string? hostDirectory, string data, int port)
    {
        var start = BenchServices.ClippingCommand(hostDirectory, "serve", "--urls", $"http://127.0.0.1:{port}");
        start.Environment["Clipping__DataDirectory"] = data;
        start.Environment["Clipping__Refresh__Enabled"] = "false";
        start.Environment["Clipping__Topics__0__Name"] = "Big Society";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Settings for the server alone (GC settings, say), as NAME=VALUE;NAME=VALUE.
        foreach (var setting in (Environment.GetEnvironmentVariable("CLIPPING_BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                (await http.GetAsync("health")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed record Load(double Rate, TimeSpan P99, int Errors);

    /// <summary>64 clients, each request on a connection of its own, cycling through <paramref name="urls"/>.</summary>
    private static async Task<Load> LoadAsync(Uri[] urls, TimeSpan duration)
    {
        // No pooling: each request opens and closes its own connection.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Clients,
        }) { Timeout = TimeSpan.FromSeconds(10) };
        var latencies = new List<double>[Clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            var mine = latencies[client] = new List<double>(50_000);
            for (var n = client; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, urls[n % urls.Length]);
                    request.Headers.ConnectionClose = true;
                    using var response = await http.SendAsync(request);
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Load(all.Length / clock.Elapsed.TotalSeconds, TimeSpan.FromMilliseconds(all[(int)(all.Length * 0.99)]), errors);
    }

    /// <summary>The server's resident set, read from /proc every 100 ms: its peak and its latest.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private readonly int _pid;
        private long _peak, _current;

        public MemorySampler(int pid)
        {
            _pid = pid;
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }

        public long Peak { get { Sample(); return Math.Max(Interlocked.Read(ref _peak), Status("VmHWM:")); } }
        public long Current { get { Sample(); return Interlocked.Read(ref _current); } }

        private void Sample()
        {
            var rss = Status("VmRSS:");
            if (rss <= 0) return;
            Interlocked.Exchange(ref _current, rss);
            long peak;
            while (rss > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, rss, peak) != peak) { }
        }

        public long Read(string field) => Status(field);

        private long Status(string field)
        {
            try
            {
                var line = File.ReadLines($"/proc/{_pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
                return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
