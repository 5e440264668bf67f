using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Clipping.Benchmarks;

/// <summary>
/// Serves N synthetic feeds from loopback with ETags, in a child process so its memory does not count against the
/// refresh being measured. Answers 304 to a matching If-None-Match, as a well-behaved blog does.
/// </summary>
internal static class FeedServerProcess
{
    /// <summary>
    /// The child's entry point: serve and print the base URL; each line "advance" on standard input makes every feed
    /// gain one post (and answers "ok"); end of input stops it.
    /// </summary>
    /// <param name="hosts">How many hosts the feeds are spread over: 1 is 127.0.0.1 alone; more are further loopback
    /// addresses (127.0.1.1, 127.0.1.2, ...), all on the printed port, with feed i on host i % hosts (<see cref="UrlOf"/>).</param>
    /// <param name="delay">How long each answer waits, standing in for a network's round trips and a blog's own time.</param>
    public static async Task<int> RunAsync(int feeds, int hosts = 1, TimeSpan delay = default)
    {
        var generation = 0;
        byte[][] bodies = [];
        string[] etags = [];
        void Generate()
        {
            bodies = Enumerable.Range(0, feeds).Select(i => SyntheticFeeds.Rss(i, generation: generation)).ToArray();
            etags = bodies.Select((b, i) => $"\"feed-{i}-{generation}\"").ToArray();
        }
        Generate();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        if (hosts <= 1)
        {
            builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        }
        else
        {
            var port = BenchServices.FreePort();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                for (var host = 0; host < hosts; host++) kestrel.Listen(HostAddress(host), port);
            });
        }
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(async context =>
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, context.RequestAborted);
            var path = context.Request.Path.Value ?? "";
            if (!path.StartsWith("/feed/", StringComparison.Ordinal) || !int.TryParse(path.AsSpan(6), out var index) || index < 0 || index >= feeds)
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.Headers.ETag = etags[index];
            if (context.Request.Headers.IfNoneMatch == etags[index])
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            context.Response.ContentLength = bodies[index].Length;
            await context.Response.Body.WriteAsync(bodies[index]);
        });
        await app.StartAsync();
        Console.WriteLine(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command != "advance") continue;
            generation++;
            Generate();
            Console.WriteLine("ok");
        }
        await app.StopAsync();
        return 0;
    }

    /// <summary>Feed <paramref name="index"/>'s address on a child serving <paramref name="hosts"/> hosts from <paramref name="baseUrl"/>'s port.</summary>
    public static Uri UrlOf(Uri baseUrl, int index, int hosts) =>
        hosts <= 1 ? new Uri(baseUrl, $"feed/{index}") : new Uri($"http://{HostAddress(index % hosts)}:{baseUrl.Port}/feed/{index}");

    private static System.Net.IPAddress HostAddress(int host) => System.Net.IPAddress.Parse($"127.0.{1 + host / 250}.{1 + host % 250}");

    /// <summary>Makes every feed of a started child gain one post.</summary>
    public static async Task AdvanceAsync(Process server)
    {
        await server.StandardInput.WriteLineAsync("advance");
        await server.StandardInput.FlushAsync();
        if (await server.StandardOutput.ReadLineAsync() != "ok") throw new InvalidOperationException("The feed server did not advance.");
    }

    /// <summary>Stops a started child: it exits when its standard input closes.</summary>
    public static async Task StopAsync(Process server)
    {
        server.StandardInput.Close();
        await server.WaitForExitAsync();
    }

    /// <summary>Starts the child and returns it with its base URL; <see cref="StopAsync"/> stops it.</summary>
    public static async Task<(Process Process, Uri BaseUrl)> StartAsync(int feeds, int hosts = 1, int delayMilliseconds = 0)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(FeedServerProcess).Assembly.Location);
        start.ArgumentList.Add("feed-server");
        start.ArgumentList.Add(feeds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(hosts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(delayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The feed server did not start.");
        return (process, new Uri(line.TrimEnd('/') + "/"));
    }
}
