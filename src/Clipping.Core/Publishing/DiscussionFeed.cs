using System.Globalization;
using System.Net;
using Clipping.Conversations;

namespace Clipping.Publishing;

/// <summary>
/// The discussions as feed items, written by the same feed writers as clippings. An item is what is discussed,
/// credited to everyone taking part, and its content lists their clippings. It is published when a second contributor
/// joins, and updated each time another joins, so a feed reader shows a discussion once and again as it grows.
/// </summary>
public static class DiscussionFeed
{
    public static Clippings.Clipping Item(Discussion discussion, string topic, IReadOnlyDictionary<string, string?> contributorSites)
    {
        var title = discussion.Discussed?.Title ?? DisplayAddress(discussion.Url);
        var names = discussion.Participants.Select(p => p.Name).ToList();
        var sources = discussion.Participants.Select((p, i) => new Clippings.ClippingSource(
            p.ContributorId, p.Name, contributorSites.GetValueOrDefault(p.ContributorId), ItemKey: "", p.Clippings[0].Link, p.Joined, p.Joined,
            // Read by the writers as the item's own "updated": the moment the last contributor joined.
            Updated: i == 0 ? discussion.LastJoined : null)).ToList();
        return new Clippings.Clipping(
            Key: discussion.Key,
            Topic: topic,
            CanonicalUrl: discussion.Url,
            Link: discussion.Url,
            Title: title,
            ExcerptText: $"{names.Count} contributors: {Joined(names)}.",
            ContentHtml: Content(discussion),
            ImageUrl: null,
            Published: discussion.Started,
            FirstSeen: discussion.Started,
            Updated: discussion.LastJoined,
            Tags: [],
            Authors: [],
            Sources: sources,
            ContentHash: "");
    }

    /// <summary>An article's address as a title: host and path, without the scheme or a trailing slash.</summary>
    public static string DisplayAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? (uri.IdnHost.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.IdnHost[4..] : uri.IdnHost) + uri.AbsolutePath.TrimEnd('/')
            : url;

    private static string Content(Discussion discussion)
    {
        var html = new System.Text.StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>Discussed by {discussion.Participants.Count} contributors since {discussion.Began.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}:</p><ul>");
        foreach (var participant in discussion.Participants)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(participant.Name)).Append(": ");
            html.AppendJoin(", ", participant.Clippings.Select(FeedFormatting.LinkedTitle));
            html.Append("</li>");
        }
        return html.Append("</ul>").ToString();
    }

    private static string Joined(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
