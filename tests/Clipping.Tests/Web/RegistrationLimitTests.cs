using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Web;

/// <summary>
/// Registration makes the server fetch what a stranger names: a few per client address per window, a cap on what waits
/// for a moderator, and a 429 with Retry-After that says when to come back.
/// </summary>
public sealed class RegistrationLimitTests : IAsyncLifetime
{
    private FeedServer _server = default!;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        for (var i = 0; i < 8; i++) _server.Serve($"/blog{i}/feed", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Task<SiteUnderTest> SiteAsync(params (string Key, string Value)[] settings) =>
        SiteUnderTest.StartAsync(settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private Task<HttpResponseMessage> RegisterAsync(HttpClient client, int blog, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/contributors")
        {
            Content = JsonContent.Create(new { name = $"Blog {blog}", url = _server.UrlOf($"/blog{blog}/feed").AbsoluteUri }),
        };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_client_past_its_allowance_hears_429_with_Retry_After_and_other_clients_do_not()
    {
        await using var site = await SiteAsync(("Clipping:Registration:MaxPerClient", "2"), ("Clipping:Registration:Window", "00:10:00"));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 0)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 1)).StatusCode);

        using var refused = await RegisterAsync(site.Http, 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("please wait", error, StringComparison.Ordinal);
        Assert.Empty(_server.StatusesFor("/blog2/feed"));

        // The form is held to the same allowance, and says so as a page.
        using var form = await site.Http.PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ann", ["url"] = _server.UrlOf("/blog3/feed").AbsoluteUri }));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.NotNull(form.Headers.RetryAfter);
        Assert.Contains("please wait", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A forwarded-for header is the client's own claim here, and changes nothing.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(site.Http, 4, forwardedFor: "203.0.113.9")).StatusCode);

        // Another address (all of 127.0.0.0/8 is this machine) has its own allowance.
        using var other = new HttpClient(new SocketsHttpHandler { ConnectCallback = FromAddress(IPAddress.Parse("127.0.0.2")) }) { BaseAddress = site.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(other, 5)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added()
    {
        await using var site = await SiteAsync(("Clipping:Registration:MaxPerClient", "1"), ("Clipping:Site:ForwardedHops", "1"));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 0, forwardedFor: "203.0.113.9")).StatusCode);
        // A client that puts its own entry first is still known by the one the proxy appended.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(site.Http, 1, forwardedFor: "198.51.100.1, 203.0.113.9")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 2, forwardedFor: "203.0.113.10")).StatusCode);
    }

    [Fact]
    public async Task When_too_many_wait_for_a_moderator_new_registrations_are_turned_away_before_anything_is_fetched()
    {
        await using var site = await SiteAsync(("Clipping:Registration:MaxPending", "2"));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 0)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 1)).StatusCode);

        using var busy = await RegisterAsync(site.Http, 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Contains("waiting for a moderator", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_server.StatusesFor("/blog2/feed"));

        // A moderator's decision makes room.
        var pending = JsonDocument.Parse(await site.Admin.GetStringAsync("manage/contributors")).RootElement.EnumerateArray().First();
        (await site.Admin.PostAsync($"manage/contributors/{pending.GetProperty("id").GetString()}/approve", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(site.Http, 2)).StatusCode);
    }

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> FromAddress(IPAddress local) => async (context, cancellationToken) =>
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
