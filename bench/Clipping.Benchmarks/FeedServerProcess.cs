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
    /// <summary>The child's entry point: serve and print the base URL, until standard input closes.</summary>
    public static async Task<int> RunAsync(int feeds)
    {
        var bodies = Enumerable.Range(0, feeds).Select(i => SyntheticFeeds.Rss(i)).ToArray();
        var etags = bodies.Select((b, i) => $"\"feed-{i}-{b.Length}\"").ToArray();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(async context =>
        {
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
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the child and returns it with its base URL; dispose to stop it.</summary>
    public static async Task<(Process Process, Uri BaseUrl)> StartAsync(int feeds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(FeedServerProcess).Assembly.Location);
        start.ArgumentList.Add("feed-server");
        start.ArgumentList.Add(feeds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The feed server did not start.");
        return (process, new Uri(line.TrimEnd('/') + "/"));
    }
}
