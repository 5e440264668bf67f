using System.Xml.Linq;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>
/// What other vocabularies say in an RSS feed where RSS's own elements are missing: Dublin Core's title, an embedded
/// Atom author or link, podcasting's itunes:author. Each is looked for only once RSS's own element is found missing,
/// so feeds that have the RSS elements pay nothing for them.
/// </summary>
internal static class RssStandIns
{
    private static readonly XName DcAuthor = FeedXml.Dc + "author";

    public static string? Title(XElement parent, string? rssTitle) => rssTitle ?? parent.ChildValue(FeedXml.DcTitle);

    /// <summary>The channel's or item's link, else the href of an embedded Atom alternate link (feeds built from Atom templates, and .NET's SyndicationFeed, which writes a10:link).</summary>
    public static string? Link(XElement channelOrItem, string? rssLink) =>
        (string.IsNullOrWhiteSpace(rssLink) ? null : rssLink) ?? AtomLinks.Alternate(channelOrItem, FeedXml.Atom)?.Attribute("href")?.Value;

    /// <summary>
    /// The RSS author and any dc:creator; when they name nobody, an Atom author, itunes:author or dc:author. Those stand in
    /// only then, since a podcast's itunes:author often names the show beside the person &lt;author&gt; names.
    /// </summary>
    public static IEnumerable<string?> Authors(XElement item, string? rssAuthor)
    {
        List<string?> authors = [rssAuthor, .. item.ChildValues(FeedXml.DcCreator)];
        if (authors.Exists(static a => !string.IsNullOrWhiteSpace(a))) return authors;
        return item.Elements()
            .Select(static e => e.Name == FeedXml.AtomAuthor ? e.ChildValue(FeedXml.AtomName)
                : e.Name == DcAuthor || FeedXml.IsItunes(e.Name, "author") ? e.Value
                : null)
            .Where(static name => name is not null);
    }
}
