using System.Globalization;
using Clipping.Topics;

namespace Clipping.Publishing;

/// <summary>
/// The ids feed readers remember items by (RFC 4151 tag URIs). They must never change once published,
/// or every reader shows the whole feed as new again: so they are built only from values that never
/// change (the site's host, when the clipping was first seen, its topic and key), never from its link or title.
/// </summary>
public static class FeedEntryId
{
    // A tag URI needs a date on which the site owned its name. No setting records that for the whole
    // feed, and a date taken from the items would move as they roll off, so it is fixed here for good.
    private const string FeedIdDate = "2010";

    /// <summary>The id of one clipping: <c>tag:{host},{first seen, UTC, yyyy-MM-dd}:{topic}/{key}</c>.</summary>
    public static string For(SiteInfo site, Clippings.Clipping clipping)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(clipping);
        var date = clipping.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"tag:{Host(site)},{date}:{Segment(clipping.Topic)}/{Segment(clipping.Key)}";
    }

    /// <summary>
    /// The id of a discussion (see <see cref="Conversations.Discussion"/>): <c>tag:{host},2010:{topic}/discussed/{key}</c>.
    /// It has no date of its own, as when it began moves with the window it is seen through.
    /// </summary>
    public static string ForDiscussion(SiteInfo site, Topic topic, string key) =>
        $"{ForTopic(site, topic)}/discussed/{Segment(key)}";

    /// <summary>The id of a week's item in the weekly feeds: <c>tag:{host},2010:{topic}/weekly/{yyyy-Www}</c>.</summary>
    public static string ForWeek(SiteInfo site, Topic topic, string week) =>
        $"{ForTopic(site, topic)}/weekly/{Segment(week)}";

    /// <summary>The id of a topic's feed: <c>tag:{host},2010:{topic slug}</c>.</summary>
    public static string ForTopic(SiteInfo site, Topic topic)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(topic);
        return $"tag:{Host(site)},{FeedIdDate}:{Segment(topic.Slug)}";
    }

    /// <summary>The tag URI the site's own ids start with.</summary>
    public static string ForSite(SiteInfo site) => $"tag:{Host(site)},{FeedIdDate}";

    /// <summary>The id of a feed: its topic's, or for one of the topic's views, the topic's with the view's key after it.</summary>
    public static string ForFeed(FeedView view) =>
        view.ViewKey is null ? ForTopic(view.Site, view.Topic) : ForTopic(view.Site, view.Topic) + "/" + string.Join('/', view.ViewKey.Split('/').Select(Segment));

    // A tag URI's authority is a bare domain: no port, and lower case so that a change of case in
    // configuration does not change every id.
    private static string Host(SiteInfo site) => site.BaseUrl.IdnHost.ToLowerInvariant();

    // Keys and slugs are normally URL-safe already; escaping keeps the URI valid if one ever is not.
    private static string Segment(string value) => Uri.EscapeDataString(value);
}
