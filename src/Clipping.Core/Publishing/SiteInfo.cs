using Clipping.Topics;

namespace Clipping.Publishing;

/// <summary>What the site says about itself in its page and feeds.</summary>
/// <param name="BaseUrl">The public root URL, ending in '/', that links in feeds are made absolute against.</param>
public sealed record SiteInfo(string Title, string Description, Uri BaseUrl, string Language = "en");

/// <summary>What a combined feed shows: one view of a topic's newest clippings.</summary>
/// <param name="PageUrl">The HTML page this feed mirrors.</param>
/// <param name="SelfUrl">This feed's own URL.</param>
/// <param name="Updated">Newest change among the items (or the site's start when empty).</param>
public sealed record FeedView(
    SiteInfo Site,
    Topic Topic,
    Uri PageUrl,
    Uri SelfUrl,
    IReadOnlyList<Clippings.Clipping> Items,
    DateTimeOffset Updated)
{
    /// <summary>
    /// The feed's title: "{site}: {topic}" unless set. Set it to the bare site title for the default topic,
    /// whose feed stands for the whole site (only the caller knows which topic is the default).
    /// </summary>
    public string Title { get; init; } = $"{Site.Title}: {Topic.Name}";

    /// <summary>Which of the topic's views this feed is ("contributors/3fa2c1d0b9e8"), or null for the topic's own feed.</summary>
    public string? ViewKey { get; init; }

    /// <summary>Each contributor's feed URL, by contributor id: what the items' <c>source</c> elements point at.</summary>
    public IReadOnlyDictionary<string, string> SourceFeeds { get; init; } = new Dictionary<string, string>();

    /// <summary>The WebSub hub the feed names, or null.</summary>
    public Uri? Hub { get; init; }

    /// <summary>How the feed's items are identified: a clipping's own id (<see cref="FeedEntryId.For"/>) unless set.</summary>
    public Func<Clippings.Clipping, string>? ItemIds { get; init; }

    public string ItemId(Clippings.Clipping clipping) => ItemIds?.Invoke(clipping) ?? FeedEntryId.For(Site, clipping);
}
