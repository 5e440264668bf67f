using System.Xml.Linq;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>
/// Picks the link to a post's page. FeedReader takes the first link, which Blogger makes the comments feed
/// (rel="replies"); the page is the rel="alternate" link, or a link with no rel, preferring an HTML one.
/// </summary>
internal static class AtomLinks
{
    /// <summary>The href of the feed's rel="self" link: the address it says it is served from.</summary>
    public static string? SelfHref(XElement parent, XNamespace ns) => Href(parent, ns, "self");

    /// <summary>The href of the first link with this rel among the element's own links (rel="hub" names a WebSub hub).</summary>
    public static string? Href(XElement parent, XNamespace ns, string rel) =>
        parent.Elements(ns + "link").FirstOrDefault(l => l.Attribute("rel")?.Value.Trim() == rel)?.Attribute("href")?.Value;

    public static XElement? Alternate(XElement entry, XNamespace ns)
    {
        XElement? first = null;
        foreach (var link in entry.Elements(ns + "link"))
        {
            var rel = link.Attribute("rel")?.Value.Trim();
            if (!string.IsNullOrEmpty(rel) && rel != "alternate" && rel != "http://www.iana.org/assignments/relation/alternate") continue;
            if (string.IsNullOrWhiteSpace(link.Attribute("href")?.Value)) continue;
            var type = link.Attribute("type")?.Value;
            if (type is null || type.Contains("html", StringComparison.OrdinalIgnoreCase)) return link;
            first ??= link;
        }
        return first;
    }
}
