using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Clipping.Tests.TestSupport;
using Clipping.WebSub;
using Microsoft.AspNetCore.Http;

namespace Clipping.Tests.WebSub;

/// <summary>
/// A WebSub hub for tests, on loopback, following the W3C Recommendation: subscription requests (§5.1) are answered 202
/// and then verified with the subscriber (§5.3: a GET with hub.challenge, which must be echoed); a publisher's ping
/// (hub.mode=publish with hub.url, the common convention the spec leaves open) makes it fetch the topic and deliver it
/// to every verified subscriber (§7), with Link rel="hub" and rel="self" headers and, where the subscriber gave a
/// secret, X-Hub-Signature (sha256). It also hosts one subscriber of its own at <see cref="SubscriberCallback"/>, which
/// verifies its intent and records what it receives.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly FeedServer _server;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<(string Callback, string Topic), Subscription> _subscriptions = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentQueue<(string Topic, string Body)> _received = new();
    private readonly ConcurrentDictionary<string, string> _localTopics = new(StringComparer.Ordinal);

    private TestHub(FeedServer server) => _server = server;

    public sealed record Subscription(Uri Callback, string Topic, string? Secret, DateTimeOffset Expires);

    /// <summary>Where publishers and subscribers send their requests.</summary>
    public Uri Url => _server.BaseUrl;

    /// <summary>The hub's own subscriber: subscribe it with <see cref="SubscribeOwnAsync"/>, read what it got in <see cref="Received"/>.</summary>
    public Uri SubscriberCallback => new(Url, "subscriber");

    /// <summary>Verified subscriptions now.</summary>
    public IReadOnlyList<Subscription> Subscriptions => [.. _subscriptions.Values];

    /// <summary>What the hub did, in order ("verified subscribe ...", "delivered ... 200"), for failure messages.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>Deliveries the hub's own subscriber received, with a valid signature, in order.</summary>
    public IReadOnlyList<(string Topic, string Body)> Received => [.. _received];

    // A loopback server like the tests' blogs, answering at "/" as a hub and at "/subscriber" as its own subscriber.
    public static async Task<TestHub> StartAsync()
    {
        var hub = new TestHub(await FeedServer.StartAsync());
        hub._server.Serve("/", hub.HandleAsync);
        hub._server.Serve("/subscriber", hub.OwnSubscriberAsync);
        return hub;
    }

    /// <summary>Subscribes the hub's own subscriber to a topic, as any subscriber would, and waits until it is verified.</summary>
    public async Task SubscribeOwnAsync(Uri topic)
    {
        _localTopics[topic.AbsoluteUri] = "secret-of-the-hubs-own-subscriber";
        using var response = await _http.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["hub.mode"] = "subscribe",
            ["hub.topic"] = topic.AbsoluteUri,
            ["hub.callback"] = SubscriberCallback.AbsoluteUri,
            ["hub.secret"] = _localTopics[topic.AbsoluteUri],
        }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForAsync(() => _subscriptions.ContainsKey((SubscriberCallback.AbsoluteUri, topic.AbsoluteUri)), "the hub's own subscription to be verified");
    }

    /// <summary>A publisher's ping: the topic changed. The hub fetches it and delivers it before answering, so a test can wait on it.</summary>
    public async Task PublishAsync(Uri topic)
    {
        using var response = await _http.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["hub.mode"] = "publish", ["hub.url"] = topic.AbsoluteUri }));
        Assert.True(response.IsSuccessStatusCode, $"publish: {(int)response.StatusCode}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for up to ten seconds; fails with the hub's events.</summary>
    public Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    /// <summary>The same, for a condition that asks a server.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Timed out waiting for {what}. The hub: {string.Join("; ", Events)}");
            await Task.Delay(50);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            context.Response.StatusCode = 400;
            return;
        }
        var form = await context.Request.ReadFormAsync();
        switch (form["hub.mode"].ToString())
        {
            case "subscribe" or "unsubscribe":
                await SubscriptionRequestAsync(context, form);
                break;
            case "publish":
                // Delivered before answering: a real hub queues it, but a test then knows when it is done.
                foreach (var topic in form["hub.url"].Concat(form["hub.topic"]).OfType<string>()) await DistributeAsync(topic);
                context.Response.StatusCode = 202;
                break;
            default:
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("hub.mode must be subscribe, unsubscribe or publish");
                break;
        }
    }

    // §5.1: validate, answer 202, then verify intent asynchronously (§5.3).
    private async Task SubscriptionRequestAsync(HttpContext context, IFormCollection form)
    {
        var mode = form["hub.mode"].ToString();
        var topic = form["hub.topic"].ToString();
        var secret = form["hub.secret"].FirstOrDefault();
        if (!Uri.TryCreate(form["hub.callback"].ToString(), UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https") || topic.Length == 0
            || (secret is not null && Encoding.UTF8.GetByteCount(secret) >= 200))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("hub.callback must be an absolute http(s) URL, hub.topic is required, hub.secret under 200 bytes");
            return;
        }
        var lease = long.TryParse(form["hub.lease_seconds"], out var asked) && asked > 0 ? Math.Min(asked, 864000) : 864000;
        context.Response.StatusCode = 202;
        _ = Task.Run(() => VerifyIntentAsync(mode, callback, topic, secret, lease));
    }

    private async Task VerifyIntentAsync(string mode, Uri callback, string topic, string? secret, long lease)
    {
        var challenge = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var query = $"hub.mode={mode}&hub.topic={Uri.EscapeDataString(topic)}&hub.challenge={challenge}" + (mode == "subscribe" ? $"&hub.lease_seconds={lease}" : "");
        var separator = callback.Query.Length > 0 ? "&" : "?";
        try
        {
            using var response = await _http.GetAsync(callback.AbsoluteUri + separator + query);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || body != challenge)
            {
                _events.Enqueue($"not verified {mode} {topic} for {callback}: {(int)response.StatusCode}");
                return;
            }
            if (mode == "subscribe") _subscriptions[(callback.AbsoluteUri, topic)] = new Subscription(callback, topic, secret, DateTimeOffset.UtcNow.AddSeconds(lease));
            else _subscriptions.TryRemove((callback.AbsoluteUri, topic), out _);
            _events.Enqueue($"verified {mode} {topic} for {callback}");
        }
        catch (HttpRequestException e)
        {
            _events.Enqueue($"could not verify {mode} {topic} for {callback}: {e.Message}");
        }
    }

    // §7: the topic's content to each subscriber, signed with its secret; a 410 ends the subscription.
    private async Task DistributeAsync(string topic)
    {
        using var fetched = await _http.GetAsync(topic);
        var body = await fetched.Content.ReadAsByteArrayAsync();
        var contentType = fetched.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        foreach (var subscription in _subscriptions.Values.Where(s => s.Topic == topic && s.Expires > DateTimeOffset.UtcNow))
        {
            using var delivery = new HttpRequestMessage(HttpMethod.Post, subscription.Callback) { Content = new ByteArrayContent(body) };
            delivery.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            delivery.Headers.TryAddWithoutValidation("Link", $"<{Url.AbsoluteUri}>; rel=\"hub\", <{topic}>; rel=\"self\"");
            if (subscription.Secret is not null) delivery.Headers.TryAddWithoutValidation("X-Hub-Signature", HubSignature.Sign(body, subscription.Secret));
            using var answer = await _http.SendAsync(delivery);
            _events.Enqueue($"delivered {topic} to {subscription.Callback}: {(int)answer.StatusCode}");
            if (answer.StatusCode == HttpStatusCode.Gone) _subscriptions.TryRemove((subscription.Callback.AbsoluteUri, topic), out _);
        }
    }

    private async Task OwnSubscriberAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            var topic = context.Request.Query["hub.topic"].ToString();
            if (!_localTopics.ContainsKey(topic))
            {
                context.Response.StatusCode = 404;
                return;
            }
            await context.Response.WriteAsync(context.Request.Query["hub.challenge"].ToString());
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var links = context.Request.Headers["Link"].ToString();
        var self = _localTopics.Keys.FirstOrDefault(t => links.Contains($"<{t}>; rel=\"self\"", StringComparison.Ordinal));
        if (self is not null && HubSignature.IsValid(context.Request.Headers["X-Hub-Signature"], buffer.ToArray(), _localTopics[self]))
        {
            _received.Enqueue((self, Encoding.UTF8.GetString(buffer.ToArray())));
        }
        context.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
