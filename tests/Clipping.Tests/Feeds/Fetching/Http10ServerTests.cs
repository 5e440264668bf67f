using System.Diagnostics;
using Clipping.Feeds.Fetching;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Feeds.Fetching;

/// <summary>
/// Small HTTP/1.0 servers, run here as the real thing: Python's http.server, which answers HTTP/1.0 without a
/// Connection header, closes after every answer, and keeps an accept queue of 5. Fetched in bursts, some of its
/// connections close before any answer (about 1 in 160 fetches at two per host, before the fetcher retried them).
/// </summary>
public sealed class Http10ServerTests : IAsyncLifetime
{
    private readonly TempDirectory _files = new();
    private Process _server = default!;
    private int _port;

    public async Task InitializeAsync()
    {
        File.WriteAllBytes(Path.Combine(_files.Path, "feed.xml"), Fixtures.Feed("rich-wordpress.rss.xml"));
        // Port 0: the system picks a free port, and the server says which as it starts ("Serving HTTP on ... port N").
        var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var arg in new[] { "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", _files.Path }) start.ArgumentList.Add(arg);
        try
        {
            _server = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("This test runs Python's http.server: python3 must be on PATH.", e);
        }
        var announced = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && System.Text.RegularExpressions.Regex.Match(line, @"port (\d+)") is { Success: true } m) announced.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        _port = await announced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                (await http.GetAsync($"http://127.0.0.1:{_port}/feed.xml")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (i < 100 && !_server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        _server.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Every_fetch_of_a_burst_from_an_HTTP_1_0_server_arrives()
    {
        // The defaults: two at a time to one host, sixteen in all.
        var options = new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true };
        using var http = FeedHttpClient.Create(options, new TestHosts());
        var fetcher = new FeedFetcher(http, options);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        for (var round = 0; round < 2; round++)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 745), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
            {
                var fetched = await fetcher.FetchAsync(new Uri($"http://127.0.0.1:{_port}/feed.xml?blog={i}"), null, null, cancellationToken);
                if (fetched.Status != FetchStatus.Fetched) failures.Add(fetched.Error ?? fetched.Status.ToString());
            });
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of 1490 fetches failed, e.g. {failures.FirstOrDefault()}");
    }
}
