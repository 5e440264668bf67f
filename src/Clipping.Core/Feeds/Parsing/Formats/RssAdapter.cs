using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>Maps RSS 0.91, 0.92 and 2.0 (&lt;rss&gt;) into the model.</summary>
/// <remarks>
/// Every version is read through FeedReader's Rss20FeedItem: the 0.9x items are subsets of 2.0's, and the 0.9x classes
/// leave out guid and author that such feeds sometimes carry anyway.
/// </remarks>
internal static class RssAdapter
{
    public static ParsedFeed Read(XElement rss, FeedContext context)
    {
        var names = new RssNames(rss.Name.Namespace);
        var channel = rss.Element(names.Channel) ?? rss;
        context.FallBackToSelfLink(AtomLinks.SelfHref(channel, FeedXml.Atom));
        context.DeclaresHub(AtomLinks.Href(channel, FeedXml.Atom, "hub"), AtomLinks.SelfHref(channel, FeedXml.Atom));
        var rootScope = XmlBase.Apply(rss, null, context.DocumentUrl);
        var channelScope = channel == rss ? rootScope : XmlBase.Apply(channel, rootScope, context.DocumentUrl);
        var feedLink = FeedUrls.HttpUri(RssStandIns.Link(channel, channel.ChildValue(names.Link)), channelScope ?? context.DocumentUrl);
        var feedBase = feedLink ?? context.DocumentUrl;

        // Some feeds put their items beside the channel instead of in it.
        var beside = channel != rss && !channel.Elements(names.Item).Any();
        var items = beside ? rss.Elements(names.Item) : channel.Elements(names.Item);
        var itemParentScope = beside ? rootScope : channelScope;
        var posts = context.Fresh(items, itemParentScope?.AbsoluteUri, feedBase?.AbsoluteUri).Select(item => ReadItem(item, names, itemParentScope, context.DocumentUrl).ToPost(feedBase, context.Warnings));
        context.OffersIcons(channelScope, channel.Element(names.Image)?.ChildValue(names.Url));
        var title = RssStandIns.Title(channel, channel.ChildValue(names.Title));
        return context.Finish(FormatOf(rss), FeedText.HtmlToPlain(title), feedLink?.AbsoluteUri, posts);
    }

    private static PostDraft ReadItem(XElement item, RssNames names, Uri? scope, Uri? documentUrl)
    {
        var feedReader = FeedReaderItem.TryCreate(item, static e => new Rss20FeedItem(e));
        var itemScope = XmlBase.Apply(item, scope, documentUrl);
        var guid = item.Element(names.Guid);
        var description = item.Element(names.Description);
        var content = item.Element(FeedXml.ContentEncoded);
        return new PostDraft
        {
            Id = feedReader?.Guid ?? guid?.Value,
            IdMayBeLink = !string.Equals(guid?.Attribute("isPermaLink")?.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase),
            Title = RssStandIns.Title(item, feedReader?.Title ?? item.ChildValue(names.Title)),
            Link = RssStandIns.Link(item, string.IsNullOrWhiteSpace(feedReader?.Link) ? item.ChildValue(names.Link) : feedReader.Link),
            LinkBase = itemScope,
            Published = FeedDates.Parse(feedReader?.PublishingDateString ?? item.ChildValue(names.PubDate), feedReader?.PublishingDate)
                ?? FeedDates.Parse(item.ChildValue(FeedXml.DcDate))
                ?? FeedDates.Parse(item.ChildValue(FeedXml.AtomPublished)),
            Updated = FeedDates.Parse(item.ChildValue(FeedXml.AtomUpdated)) ?? FeedDates.Parse(item.ChildValue(FeedXml.DcTermsModified)),
            DateText = item.ChildValue(names.PubDate) ?? item.ChildValue(FeedXml.DcDate) ?? item.ChildValue(FeedXml.AtomPublished),
            // FeedReader reads only <author>, and Dublin Core only under the prefix "dc": WordPress's dc:creator is lost.
            Authors = RssStandIns.Authors(item, feedReader?.Author ?? item.ChildValue(names.Author)),
            Tags = [.. feedReader?.Categories ?? item.ChildValues(names.Category), .. FeedTags.FromExtensions(item, spaceSeparatedSubjects: false)],
            // FeedReader HTML-decodes content:encoded a second time; the element's value is the published HTML.
            SummaryHtml = description?.Value,
            ContentHtml = content?.Value ?? description?.Value,
            ContentBase = XmlBase.Apply(content ?? description, itemScope, documentUrl),
            ImageUrl = MediaImages.Find(item),
            Comments = CommentThreads.Read(item, names.Namespace),
        };
    }

    private static FeedFormat FormatOf(XElement rss) => rss.Attribute("version")?.Value.Trim() switch
    {
        "0.91" => FeedFormat.Rss091,
        "0.92" => FeedFormat.Rss092,
        _ => FeedFormat.Rss20,
    };

    /// <summary>RSS's own elements, in whatever namespace the root is in (none, usually), named once per feed.</summary>
    private sealed class RssNames(XNamespace ns)
    {
        public XNamespace Namespace { get; } = ns;
        public XName Channel { get; } = ns + "channel";
        public XName Item { get; } = ns + "item";
        public XName Title { get; } = ns + "title";
        public XName Link { get; } = ns + "link";
        public XName Guid { get; } = ns + "guid";
        public XName Description { get; } = ns + "description";
        public XName PubDate { get; } = ns + "pubDate";
        public XName Author { get; } = ns + "author";
        public XName Category { get; } = ns + "category";
        public XName Image { get; } = ns + "image";
        public XName Url { get; } = ns + "url";
    }
}
