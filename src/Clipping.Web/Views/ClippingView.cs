using Clipping.Publishing;
using Clipping.Topics;
using Clipping.Views;

namespace Clipping.Web.Views;

public enum ViewKind { Topic, Contributor, Tag, Search, Month, Discussed, Weekly }

/// <summary>
/// A list of clippings readers can open: a topic's page, one contributor's, one tag's, a search, a month. Each is a
/// page with three feeds beside it (its path + "/rss.xml" and so on), and everything the page and feeds say about it.
/// </summary>
/// <param name="Path">The page's path, e.g. "/contributors/3fa2c1d0b9e8" or "/topics/localism/tags/libraries".</param>
/// <param name="Query">"" or the query string the page and its feeds both carry (a search's "?q=...").</param>
/// <param name="Heading">What the page is, as its heading says it ("Posts by Rich", "March 2026").</param>
/// <param name="FeedTitle">The feeds' title, which feed readers show as the subscription's name.</param>
/// <param name="Key">Stable among the site's views (the Atom feed's id is made from it); empty for a topic's page.</param>
public sealed record ClippingView(
    ViewKind Kind,
    Topic Topic,
    ClippingFilter Filter,
    string Path,
    string Query,
    string Heading,
    string FeedTitle,
    string Key)
{
    /// <summary>Whose posts a contributor's view lists.</summary>
    public Contributors.Contributor? Contributor { get; init; }

    /// <summary>Which month an archive view lists.</summary>
    public ArchiveMonth? Month { get; init; }

    public string PageUrl => Path + Query;

    public string FeedUrl(string file) => (Path == "/" ? "" : Path) + "/" + file + Query;

    public string CacheKey => $"{Topic.Slug}|{Filter.CacheKey}";

    /// <summary>The topic's own page and feeds.</summary>
    public static ClippingView ForTopic(Topic topic, SiteTopics topics, SiteInfo site) => new(
        ViewKind.Topic, topic, ClippingFilter.Everything, SiteRoutes.PageOf(topic, topics), "", topic.Name,
        ReferenceEquals(topic, topics.Default) ? site.Title : $"{site.Title}: {topic.Name}", "");
}
