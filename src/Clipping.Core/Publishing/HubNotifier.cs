using System.Net;
using Clipping.Refresh;
using Clipping.Topics;
using Microsoft.Extensions.Logging;

namespace Clipping.Publishing;

/// <summary>
/// Tells the configured WebSub hub that the combined feeds changed, after a refresh that changed what readers see:
/// <c>hub.mode=publish</c> with each changed feed's address (the publish ping hubs accept; WebSub leaves the publisher's
/// side open). Named are every topic's feeds and the feeds of each contributor whose posts changed; the hub then fetches
/// them and pushes them to their subscribers. A hub that fails is logged; the refresh has succeeded regardless.
/// </summary>
public sealed class HubNotifier(ClippingOptions options, SiteTopics topics, ILogger<HubNotifier> logger)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    private static readonly string[] Files = [RouteTemplates.Rss, RouteTemplates.Atom, RouteTemplates.JsonFeed];

    /// <summary>The hub, or null when none is configured.</summary>
    public Uri? Hub => Configured(options);

    public static Uri? Configured(ClippingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.WebSub.Hub)) return null;
        if (!Uri.TryCreate(options.WebSub.Hub.Trim(), UriKind.Absolute, out var hub) || (hub.Scheme != Uri.UriSchemeHttp && hub.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Clipping:WebSub:Hub '{options.WebSub.Hub}' is not an http(s) address.");
        }
        if (string.IsNullOrWhiteSpace(options.Site.BaseUrl))
        {
            throw new ArgumentException("Clipping:WebSub:Hub needs Clipping:Site:BaseUrl: the hub knows the feeds by their public address.");
        }
        return hub;
    }

    /// <summary>The feeds a run (or a batch of one) changed: every topic's, and each changed contributor's, in every format.</summary>
    public IReadOnlyList<Uri> ChangedFeeds(IEnumerable<FeedOutcome> outcomes)
    {
        var site = new Uri(options.Site.BaseUrl!.TrimEnd('/') + "/");
        var changed = outcomes.Where(f => f.New + f.Updated + f.Merged > 0).Select(f => f.ContributorId).Distinct(StringComparer.Ordinal).ToList();
        var feeds = new List<Uri>();
        foreach (var topic in topics.All)
        {
            foreach (var file in Files)
            {
                feeds.Add(new Uri(site, SiteRoutes.FeedOf(topic, topics, file).TrimStart('/')));
                foreach (var id in changed) feeds.Add(new Uri(site, SiteRoutes.In(topic, topics, $"contributors/{id}/{file}").TrimStart('/')));
            }
        }
        return feeds;
    }

    /// <summary>Tells the hub of the feeds these outcomes changed, if any; a hub that fails is logged, never thrown.</summary>
    public async Task NotifyAsync(IReadOnlyCollection<FeedOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (Hub is not { } hub || !outcomes.Any(f => f.New + f.Updated + f.Merged > 0)) return;
        var feeds = ChangedFeeds(outcomes);
        try
        {
            // One request names them all: hubs take hub.url more than once.
            using var body = new FormUrlEncodedContent(feeds.Select(f => new KeyValuePair<string, string>("hub.url", f.AbsoluteUri)).Prepend(new("hub.mode", "publish")));
            using var response = await Http.PostAsync(hub, body, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The WebSub hub {Hub} answered {Status} to the news of {Count} changed feeds", hub, (int)response.StatusCode, feeds.Count);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not tell the WebSub hub {Hub} of {Count} changed feeds: {Message}", hub, feeds.Count, e.Message);
        }
    }
}
