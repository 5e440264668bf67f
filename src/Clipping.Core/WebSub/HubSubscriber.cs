using Clipping.Contributors;
using Clipping.Feeds;
using Clipping.Feeds.Fetching;
using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.WebSub;

/// <summary>
/// Keeps Clipping subscribed, at the hubs contributors' feeds name, to exactly the feeds it polls: subscribes when a
/// feed is first seen to name a hub, renews before the lease runs out, asks again when a hub never verified or refused,
/// and unsubscribes when a contributor leaves or is removed or the feed stops naming the hub. Run after each refresh.
/// </summary>
public sealed class HubSubscriber(IClippingStore store, ClippingOptions options, FetchOptions fetchOptions, IHostResolver resolver, TimeProvider time, ILogger<HubSubscriber> logger)
{
    /// <summary>A request the hub never verified, or refused, is made again after this long.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromHours(1);

    // Hubs are named by feeds, so by strangers: they are reached as feeds are, never on internal addresses unless allowed.
    private readonly HttpClient _http = FeedHttpClient.Create(fetchOptions, resolver);

    /// <summary>Subscribing needs the site's public address, for the hub to call back at.</summary>
    public bool Enabled => options.WebSub.Subscribe && !string.IsNullOrWhiteSpace(options.Site.BaseUrl);

    /// <summary>The address a hub calls for this subscription.</summary>
    public Uri CallbackOf(HubSubscription subscription) =>
        new(new Uri(options.Site.BaseUrl!.TrimEnd('/') + "/"), Publishing.SiteRoutes.WebSubCallbackOf(subscription.Id).TrimStart('/'));

    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return;
        var now = time.GetUtcNow();
        var contributors = (await store.GetContributorsAsync(cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var subscriptions = await store.GetSubscriptionsAsync(cancellationToken);
        var byContributor = subscriptions.Where(s => s.State != SubscriptionState.Leaving).ToLookup(s => s.ContributorId, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var requests = new List<HubSubscription>();

        foreach (var contributor in contributors.Values)
        {
            if (Wanted(contributor) is not { } links) continue;
            var current = byContributor[contributor.Id].FirstOrDefault(s => s.Hub == links.Hub.AbsoluteUri && s.Topic == links.Topic.AbsoluteUri);
            if (current is not null) kept.Add(current.Id);
            var due = current switch
            {
                null => HubSubscription.New(contributor.Id, links, now),
                // Asked again as a new request: the hub's verification of it must find the subscription requested.
                { State: SubscriptionState.Requested or SubscriptionState.Denied } when now - current.Requested > RetryAfter => current with { State = SubscriptionState.Requested, Requested = now },
                { State: SubscriptionState.Active } when current.LeaseExpires - now < (current.Lease ?? options.WebSub.Lease) / 4 && now - current.Requested > RetryAfter => current with { Requested = now },
                _ => null,
            };
            if (due is null) continue;
            kept.Add(due.Id);
            requests.Add(due);
        }
        // Several at once, each within the fetch timeout: a site whose thousands of feeds share a hub subscribes in
        // minutes, not hours, on its first run.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentRequests, CancellationToken = cancellationToken },
            async (due, token) => await RequestAsync(due, "subscribe", token));

        await Parallel.ForEachAsync(subscriptions.Where(s => !kept.Contains(s.Id)), new ParallelOptions { MaxDegreeOfParallelism = ConcurrentRequests, CancellationToken = cancellationToken },
            async (stale, token) =>
            {
                // Read again: a hub may have verified it while the requests above were made.
                if (await store.GetSubscriptionAsync(stale.Id, token) is not { } subscription) return;
                if (subscription.State == SubscriptionState.Active)
                {
                    await RequestAsync(subscription with { State = SubscriptionState.Leaving, Requested = now }, "unsubscribe", token);
                }
                else if (subscription.State != SubscriptionState.Leaving || now - subscription.Requested > RetryAfter)
                {
                    // Never verified, refused, or an unsubscribe the hub never confirmed: the lease ends it if nothing else does.
                    await store.DeleteSubscriptionAsync(subscription.Id, token);
                }
            });
    }

    /// <summary>Subscription requests made at once.</summary>
    public const int ConcurrentRequests = 8;

    /// <summary>The hub and topic a contributor's feed should be subscribed at: a polled feed that named a hub.</summary>
    private static PushLinks? Wanted(Contributor contributor) =>
        contributor.IsPolled && contributor.State.Hub is { } hub && contributor.State.Topic is { } topic
            && Uri.TryCreate(hub, UriKind.Absolute, out var hubUri) && Uri.TryCreate(topic, UriKind.Absolute, out var topicUri)
            ? new PushLinks(hubUri, topicUri)
            : null;

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1024];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private async Task RequestAsync(HubSubscription subscription, string mode, CancellationToken cancellationToken)
    {
        // Saved first: the hub may verify before it even answers this request.
        await store.SaveSubscriptionAsync(subscription, cancellationToken);
        var hub = new Uri(subscription.Hub);
        string? problem = NetworkGuard.CheckUrl(hub, fetchOptions);
        if (problem is null)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("hub.mode", mode),
                new("hub.topic", subscription.Topic),
                new("hub.callback", CallbackOf(subscription).AbsoluteUri),
            };
            if (mode == "subscribe")
            {
                form.Add(new("hub.secret", subscription.Secret));
                form.Add(new("hub.lease_seconds", ((long)options.WebSub.Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(fetchOptions.Timeout);
                using var content = new FormUrlEncodedContent(form);
                using var request = new HttpRequestMessage(HttpMethod.Post, hub) { Content = content };
                // Headers first, and at most a little of the body: the hub is a stranger's choice, its answer could be anything.
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    var said = Content.OneLineText.Clean(await ReadSomeAsync(response, timeout.Token));
                    problem = $"The hub answered {(int)response.StatusCode} to the {mode} request{(said.Length > 0 ? ": " + (said.Length > 200 ? said[..200] + "…" : said) : ".")}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                problem = $"The hub could not be reached for the {mode} request: {e.Message}";
            }
        }
        if (problem is null)
        {
            logger.LogInformation("Asked {Hub} to {Mode} {Topic}", subscription.Hub, mode, subscription.Topic);
            return;
        }
        logger.LogWarning("WebSub {Mode} of {Topic} at {Hub} failed: {Problem}", mode, subscription.Topic, subscription.Hub, problem);
        // The request is not repeated until RetryAfter has passed, but the latest saved state must not be overwritten by
        // a stale copy: a verification may have come in meanwhile.
        if (await store.GetSubscriptionAsync(subscription.Id, cancellationToken) is { } latest)
        {
            await store.SaveSubscriptionAsync(latest.WithProblem(problem, time.GetUtcNow()), cancellationToken);
        }
    }
}
