using System.Globalization;
using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Views;

namespace Clipping.Web.Views;

/// <summary>What a view's address asks for: its kind and topic, and the route's values as they came.</summary>
public sealed record ViewAddress(ViewKind Kind, Topic Topic, string? Id = null, string? Tag = null, string? Year = null, string? Month = null, string? SearchText = null)
{
    /// <summary>Identifies the address among every view's, for cache keys.</summary>
    public string Key => $"{Kind}|{Topic.Slug}|{Id}|{Tag}|{Year}|{Month}|{SearchText}";
}

/// <summary>Turns a view's address into the view, reading the store where it must (a contributor's name, a tag's spelling).</summary>
public static class ViewResolver
{
    /// <returns>The view, or null with a message saying why there is none.</returns>
    public static async Task<(ClippingView? View, string? Missing)> ResolveAsync(ViewAddress address, SiteTopics topics, SiteInfo site, SiteTime time,
        IClippingStore store, CancellationToken cancellationToken)
    {
        var topic = address.Topic;
        var inTopic = ReferenceEquals(topic, topics.Default) ? "" : $": {topic.Name}";
        switch (address.Kind)
        {
            case ViewKind.Topic:
                return (ClippingView.ForTopic(topic, topics, site), null);

            case ViewKind.Contributor:
            {
                var id = address.Id ?? "";
                var contributor = id.Length is > 0 and <= 64 ? await store.GetContributorAsync(id, cancellationToken) : null;
                // Only contributors whose posts are on the page have one: not those waiting for, or refused, approval.
                if (contributor is null || contributor.Status is not (ContributorStatus.Approved or ContributorStatus.Removed))
                {
                    return (null, $"There is no contributor '{id}' on this site.");
                }
                var path = "contributors/" + contributor.Id;
                return (new ClippingView(ViewKind.Contributor, topic, new ClippingFilter.ByContributor(contributor.Id), SiteRoutes.In(topic, topics, path), "",
                    $"Posts by {contributor.Name}", $"{site.Title}{inTopic}: {contributor.Name}", path) { Contributor = contributor }, null);
            }

            case ViewKind.Tag:
            {
                var key = TagKey.Of(address.Tag);
                if (key.Length == 0) return (null, "A tag's page needs a tag, as in /tags/libraries.");
                var filter = new ClippingFilter.ByTag(key);
                // Shown as the newest clipping spells it ("Big Society"), not as its folded key ("bigsociety").
                var newest = await store.GetClippingsAsync(topic.Slug, filter, 1, null, cancellationToken);
                var name = newest.Items.SelectMany(c => c.Tags).FirstOrDefault(t => TagKey.Of(t) == key) ?? key;
                var path = "tags/" + Uri.EscapeDataString(key);
                return (new ClippingView(ViewKind.Tag, topic, filter, SiteRoutes.In(topic, topics, path), "",
                    $"Tagged “{name}”", $"{site.Title}{inTopic}: tagged {name}", "tags/" + key), null);
            }

            case ViewKind.Search:
            {
                var text = address.SearchText ?? "";
                var query = SearchQuery.Parse(text);
                return (new ClippingView(ViewKind.Search, topic, new ClippingFilter.Matching(query), SiteRoutes.In(topic, topics, "search"),
                    text.Length == 0 ? "" : "?q=" + Uri.EscapeDataString(text),
                    text.Length == 0 ? "Search" : $"Posts matching “{text}”",
                    $"{site.Title}{inTopic}: search for {text}", "search?q=" + string.Join('+', query.Terms)), null);
            }

            case ViewKind.Month:
            {
                if (!int.TryParse(address.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                    || !int.TryParse(address.Month, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || !ArchiveMonth.TryCreate(year, number, out var month))
                {
                    return (null, "An archive month's address is /archive/{year}/{month}, as in /archive/2026/03.");
                }
                var name = ArchiveNames.Of(month);
                return (new ClippingView(ViewKind.Month, topic, month.In(time.Zone), SiteRoutes.In(topic, topics, ArchiveNames.Path(month)), "",
                    name, $"{site.Title}{inTopic}: {name}", ArchiveNames.Path(month)) { Month = month }, null);
            }
        }
        throw new ArgumentOutOfRangeException(nameof(address));
    }
}

/// <summary>How the archive names and addresses a month.</summary>
public static class ArchiveNames
{
    public static string Of(ArchiveMonth month) =>
        new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Path(ArchiveMonth month) => string.Create(CultureInfo.InvariantCulture, $"archive/{month.Year:D4}/{month.Month:D2}");
}
