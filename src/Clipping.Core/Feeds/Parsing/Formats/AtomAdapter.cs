using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>Maps Atom 1.0 (and the Atom 0.3 that Blogger and others still serve) into the model; a lone entry document reads as a feed of one.</summary>
internal static class AtomAdapter
{
    public static ParsedFeed Read(XElement feed, FeedContext context)
    {
        var ns = feed.Name.Namespace;
        context.FallBackToSelfLink(AtomLinks.SelfHref(feed, ns));
        context.DeclaresHub(AtomLinks.Href(feed, ns, "hub"), AtomLinks.SelfHref(feed, ns));
        var scope = XmlBase.Apply(feed, null, context.DocumentUrl);
        if (feed.Name.LocalName == "entry")
        {
            var post = ReadEntry(feed, ns, null, [], context.DocumentUrl).ToPost(context.DocumentUrl, context.Warnings);
            return context.Finish(FeedFormat.Atom10, null, null, context.Limit([post]));
        }

        var feedLinkElement = AtomLinks.Alternate(feed, ns);
        var feedLink = FeedUrls.HttpUri(feedLinkElement?.Attribute("href")?.Value, XmlBase.Apply(feedLinkElement, scope, context.DocumentUrl) ?? context.DocumentUrl);
        var feedBase = feedLink ?? context.DocumentUrl;
        var feedAuthors = AuthorNamesOf(feed, ns);
        var posts = context.Fresh(feed.Elements(ns + "entry"), [scope?.AbsoluteUri, feedBase?.AbsoluteUri, .. feedAuthors])
            .Select(entry => ReadEntry(entry, ns, scope, feedAuthors, context.DocumentUrl).ToPost(feedBase, context.Warnings));
        // icon is square and small, what a face wants; logo (2:1) only when there is no icon.
        context.OffersIcons(scope, feed.ChildValue(ns + "icon"), feed.ChildValue(ns + "logo"));
        var title = feed.Element(ns + "title");
        var plainTitle = AtomText.IsText(title) ? FeedText.CollapseWhitespace(title?.Value) : FeedText.HtmlToPlain(title?.Value);
        return context.Finish(FeedFormat.Atom10, plainTitle, feedLink?.AbsoluteUri, posts);
    }

    private static PostDraft ReadEntry(XElement entry, XNamespace ns, Uri? scope, List<string> feedAuthors, Uri? documentUrl)
    {
        var feedReader = FeedReaderItem.TryCreate(entry, static e => new AtomFeedItem(e));
        var entryScope = XmlBase.Apply(entry, scope, documentUrl);
        var link = AtomLinks.Alternate(entry, ns);
        var title = entry.Element(ns + "title");
        var summary = entry.Element(ns + "summary");
        var content = entry.Element(ns + "content") is { } c && c.Attribute("src") is null ? c : null;
        var contentHtml = AtomText.Html(content);
        var authors = AuthorNamesOf(entry, ns);
        if (authors.Count == 0 && entry.Element(ns + "source") is { } source) authors = AuthorNamesOf(source, ns);
        return new PostDraft
        {
            Id = feedReader?.Id ?? entry.ChildValue(ns + "id"),
            Title = feedReader?.Title ?? title?.Value,
            TitleIsText = AtomText.IsText(title),
            // FeedReader's Link is the first link of any kind: often the comments feed.
            Link = link?.Attribute("href")?.Value,
            LinkBase = XmlBase.Apply(link, entryScope, documentUrl),
            Published = FeedDates.Parse(feedReader?.PublishedDateString ?? entry.ChildValue(ns + "published"), feedReader?.PublishedDate)
                ?? FeedDates.Parse(entry.ChildValue(ns + "issued"))
                ?? FeedDates.Parse(entry.ChildValue(FeedXml.DcDate)),
            Updated = FeedDates.Parse(feedReader?.UpdatedDateString ?? entry.ChildValue(ns + "updated"), feedReader?.UpdatedDate)
                ?? FeedDates.Parse(entry.ChildValue(ns + "modified")),
            DateText = entry.ChildValue(ns + "published") ?? entry.ChildValue(ns + "updated"),
            // FeedReader keeps only the first author; an entry without one takes the feed's, as Atom says.
            Authors = authors.Count > 0 ? authors : feedAuthors,
            // FeedReader reads category/@term only, and gives null for a category that has just a label.
            Tags = [.. entry.Elements(ns + "category").Select(static c => c.Attribute("term")?.Value ?? c.Attribute("label")?.Value),
                    .. entry.ChildValues(FeedXml.DcSubject).SelectMany(s => FeedTags.SplitSubject(s, spaceSeparated: false))],
            SummaryHtml = AtomText.Html(summary),
            ContentHtml = contentHtml ?? AtomText.Html(summary),
            ContentBase = XmlBase.Apply(contentHtml is null ? summary : content, entryScope, documentUrl),
            ImageUrl = MediaImages.Find(entry),
            Comments = CommentThreads.Read(entry, ns),
        };
    }

    private static List<string> AuthorNamesOf(XElement parent, XNamespace ns) =>
        [.. parent.Elements(ns + "author").Select(a => a.ChildValue(ns + "name")).OfType<string>()];
}
