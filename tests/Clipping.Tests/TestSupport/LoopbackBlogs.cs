using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// Many small blogs on many hosts, for tests at scale: each host is its own loopback address (all of 127.0.0.0/8 is
/// this machine, so 127.0.1.1, 127.0.1.2, ... are different hosts to the fetcher and its per-host limit), all on one
/// port. Every feed has one post tagged "Big Society" and one that is not, answers conditional requests with 304, and
/// can be made slow; every request is counted per feed.
/// </summary>
public sealed class LoopbackBlogs : IAsyncDisposable
{
    public const string TaggedTitle = "Big Society notes";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fetched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<int>> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _mostOpen = new(StringComparer.Ordinal);

    private readonly Dictionary<string, int> _order;

    private LoopbackBlogs(WebApplication app, IReadOnlyList<Uri> feeds)
    {
        _app = app;
        Feeds = feeds;
        _order = feeds.Select((f, i) => (f, i)).ToDictionary(p => p.f.Host + p.f.AbsolutePath, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>Every feed's address, host by host.</summary>
    public IReadOnlyList<Uri> Feeds { get; }

    /// <summary>How long each answer waits before it is sent, so a run takes long enough to watch.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The title of the tagged post a feed carries: what its clipping is called.</summary>
    public static string TitleOf(Uri feed) => $"{TaggedTitle} from {feed.Host} {feed.AbsolutePath.Split('/')[1]}";

    /// <summary>Requests each feed received, 304s included.</summary>
    public int RequestsFor(Uri feed) => _requests.GetValueOrDefault(feed.Host + feed.AbsolutePath);

    /// <summary>The most requests a host was answering at one time: what a per-host limit holds down.</summary>
    public int MostAtOnce(string host) => _mostOpen.GetValueOrDefault(host);

    /// <summary>Requests answered with the whole feed (200).</summary>
    public int FetchesOf(Uri feed) => _fetched.GetValueOrDefault(feed.Host + feed.AbsolutePath);

    public static async Task<LoopbackBlogs> StartAsync(int hosts, int feedsPerHost)
    {
        var port = FreePorts.Next();
        var addresses = Enumerable.Range(1, hosts).Select(i => IPAddress.Parse($"127.0.{1 + (i - 1) / 250}.{1 + (i - 1) % 250}")).ToList();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses) kestrel.Listen(address, port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var feeds = addresses.SelectMany(a => Enumerable.Range(1, feedsPerHost).Select(f => new Uri($"http://{a}:{port}/blog{f}/feed.xml"))).ToList();
        var blogs = new LoopbackBlogs(app, feeds);
        app.Run(blogs.HandleAsync);
        await app.StartAsync();
        return blogs;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var path = context.Request.Path.Value ?? "/";
        var key = host + path;
        _requests.AddOrUpdate(key, 1, (_, n) => n + 1);
        var open = _open.GetOrAdd(host, _ => new StrongBox<int>());
        var now = Interlocked.Increment(ref open.Value);
        _mostOpen.AddOrUpdate(host, now, (_, most) => Math.Max(most, now));
        try
        {
            await AnswerAsync(context, host, path, key);
        }
        finally
        {
            Interlocked.Decrement(ref open.Value);
        }
    }

    private async Task AnswerAsync(HttpContext context, string host, string path, string key)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.RequestAborted);
        if (!path.EndsWith("/feed.xml", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var blog = path.Split('/')[1];
        var etag = $"\"{host}-{blog}\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = 304;
            return;
        }
        _fetched.AddOrUpdate(key, 1, (_, n) => n + 1);
        var site = $"http://{context.Request.Host}/{blog}/";
        var feed = new Uri($"http://{context.Request.Host}{path}");
        // Each feed's posts have their own times, so the page's order is fixed: later hosts and blogs are older.
        var published = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(-(_order[key] * 2));
        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        await context.Response.WriteAsync($"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel>
            <title>{host} {blog}</title><link>{site}</link><description>A blog</description>
            <item><title>{TitleOf(feed)}</title><link>{site}big-society</link><guid>{site}big-society</guid>
            <pubDate>{published.ToString("R", CultureInfo.InvariantCulture)}</pubDate><category>Big Society</category>
            <description>What the Big Society means for {host}.</description></item>
            <item><title>Gardening at {host} {blog}</title><link>{site}gardening</link><guid>{site}gardening</guid>
            <pubDate>{published.AddMinutes(-1).ToString("R", CultureInfo.InvariantCulture)}</pubDate><category>Gardening</category>
            <description>Not on the topic.</description></item>
            </channel></rss>
            """, Encoding.UTF8);
    }


    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
