using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>Maps RSS 1.0 and RSS 0.90 (&lt;rdf:RDF&gt;, items beside the channel) into the model.</summary>
internal static class RdfAdapter
{
    public static ParsedFeed Read(XElement rdf, FeedContext context)
    {
        var channel = rdf.Elements().FirstOrDefault(static e => e.Name.LocalName == "channel");
        var ns = channel?.Name.Namespace ?? rdf.Elements().FirstOrDefault(static e => e.Name.LocalName == "item")?.Name.Namespace ?? XNamespace.None;
        var rootScope = XmlBase.Apply(rdf, null, context.DocumentUrl);
        var channelScope = XmlBase.Apply(channel, rootScope, context.DocumentUrl);
        var feedLink = channel is null ? null : FeedUrls.HttpUri(channel.ChildValue(ns + "link"), channelScope ?? context.DocumentUrl);
        var feedBase = feedLink ?? context.DocumentUrl;

        // RSS 1.0 puts items beside the channel; a few feeds nest them inside it.
        var nested = !rdf.Elements(ns + "item").Any() && channel is not null;
        var items = nested ? channel!.Elements(ns + "item") : rdf.Elements(ns + "item");
        var itemParentScope = nested ? channelScope : rootScope;
        var posts = context.Fresh(items, itemParentScope?.AbsoluteUri, feedBase?.AbsoluteUri).Select(item => ReadItem(item, ns, itemParentScope, context.DocumentUrl).ToPost(feedBase, context.Warnings));
        // RSS 1.0's image sits beside the channel, which names it by rdf:resource; its url is what is shown.
        context.OffersIcons(channelScope, rdf.Element(ns + "image")?.ChildValue(ns + "url"));
        var format = ns == FeedXml.Rss090 ? FeedFormat.Rss090 : FeedFormat.Rss10;
        return context.Finish(format, FeedText.HtmlToPlain(channel?.ChildValue(ns + "title")), feedLink?.AbsoluteUri, posts);
    }

    private static PostDraft ReadItem(XElement item, XNamespace ns, Uri? scope, Uri? documentUrl)
    {
        var feedReader = FeedReaderItem.TryCreate(item, static e => new Rss10FeedItem(e));
        var itemScope = XmlBase.Apply(item, scope, documentUrl);
        var description = item.Element(ns + "description");
        var content = item.Element(FeedXml.ContentEncoded);
        return new PostDraft
        {
            Id = feedReader?.About ?? item.AttributeValue(FeedXml.RdfAbout),
            Title = feedReader?.Title ?? item.ChildValue(ns + "title"),
            Link = feedReader?.Link ?? item.ChildValue(ns + "link"),
            LinkBase = itemScope,
            // FeedReader finds Dublin Core only under the prefix "dc"; its date stands in only when the element's cannot be read.
            Published = FeedDates.Parse(item.ChildValue(FeedXml.DcDate), feedReader?.DC?.Date),
            Updated = FeedDates.Parse(item.ChildValue(FeedXml.DcTermsModified)),
            DateText = item.ChildValue(FeedXml.DcDate),
            Authors = item.ChildValues(FeedXml.DcCreator),
            Tags = FeedTags.FromExtensions(item, spaceSeparatedSubjects: true),
            SummaryHtml = description?.Value,
            ContentHtml = content?.Value ?? description?.Value,
            ContentBase = XmlBase.Apply(content ?? description, itemScope, documentUrl),
            ImageUrl = MediaImages.Find(item),
            Comments = CommentThreads.Read(item, ns),
        };
    }
}
