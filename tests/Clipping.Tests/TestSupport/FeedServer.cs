using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// A loopback web server standing in for contributors' blogs: each path answers with what the test set for it,
/// honouring conditional GETs for responses that carry an ETag, and counting what it was asked.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, int Status)> _log = new();

    private FeedServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = default!;

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new FeedServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    public Uri UrlOf(string path) => new(BaseUrl, path.TrimStart('/'));

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>, with an ETag and Last-Modified unless told not to.</summary>
    public void Serve(string path, byte[] body, string contentType, int status = 200, bool validators = true)
    {
        var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..16]}\"";
        var lastModified = new DateTimeOffset(2010, 10, 25, 12, 0, 0, TimeSpan.Zero).ToString("R");
        _routes[path] = async context =>
        {
            if (validators && status == 200)
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.LastModified = lastModified;
                if (context.Request.Headers.IfNoneMatch == etag)
                {
                    context.Response.StatusCode = 304;
                    return;
                }
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        };
    }

    /// <summary>Serves whatever <paramref name="handler"/> writes.</summary>
    public void Serve(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    /// <summary>The status codes answered for <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<int> StatusesFor(string path) => _log.Where(l => l.Path == path).Select(l => l.Status).ToList();

    public void ClearLog() => _log.Clear();

    /// <summary>Called with each request's path as it arrives, before it is answered: a hook for "while the refresh is under way".</summary>
    public Action<string>? OnRequest { get; set; }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        OnRequest?.Invoke(path);
        if (_routes.TryGetValue(path, out var handler)) await handler(context);
        else context.Response.StatusCode = 404;
        _log.Enqueue((path, context.Response.StatusCode));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
