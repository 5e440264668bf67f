using System.Globalization;
using System.Xml.Linq;
using Clipping.Feeds.Parsing.Formats;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>
/// What an item says about the conversation under it on its own blog: where the comments are and how many. Blogs say it
/// in four vocabularies, often several at once: RSS's <c>&lt;comments&gt;</c> (the page), <c>slash:comments</c> (the count,
/// WordPress), <c>wfw:commentRss</c> (the comments' own feed), and Atom threading's <c>link rel="replies"</c> with
/// <c>thr:count</c>, and <c>thr:total</c> (Blogger).
/// </summary>
internal static class CommentThreads
{
    private static readonly XNamespace Slash = "http://purl.org/rss/1.0/modules/slash/";
    private static readonly XNamespace Wfw = "http://wellformedweb.org/CommentAPI/";
    private static readonly XNamespace Threading = "http://purl.org/syndication/thread/1.0";

    /// <summary>The comments' page, feed and count as an item gives them, addresses not yet resolved.</summary>
    public readonly record struct Thread(string? Page, string? Feed, int? Count);

    /// <summary>
    /// Reads an item's comments: <paramref name="own"/> is the item's own namespace, where RSS's <c>comments</c> and
    /// Atom's <c>link</c> live. Where several vocabularies give a count, the first that can be read wins.
    /// </summary>
    public static Thread Read(XElement item, XNamespace own)
    {
        string? page = null, feed = null;
        int? linkCount = null;
        foreach (var link in item.Elements(own + "link").Concat(own == FeedXml.Atom ? [] : item.Elements(FeedXml.Atom + "link")))
        {
            if (link.Attribute("rel")?.Value.Trim() != "replies" || FeedText.NullIfBlank(link.Attribute("href")?.Value) is not { } href) continue;
            var type = link.Attribute("type")?.Value ?? "";
            if (type.Contains("html", StringComparison.OrdinalIgnoreCase)) page ??= href;
            else feed ??= href;
            linkCount ??= Count(link.Attribute(Threading + "count")?.Value);
        }
        page ??= FeedText.NullIfBlank(item.ChildValue(own + "comments"));
        feed ??= FeedText.NullIfBlank(item.ChildValue(Wfw + "commentRss")) ?? FeedText.NullIfBlank(item.ChildValue(Wfw + "commentRSS"));
        // thr:total counts the whole thread; thr:count on a link, the replies that link leads to.
        var count = Count(item.ChildValue(Slash + "comments")) ?? Count(item.ChildValue(Threading + "total")) ?? linkCount;
        return new Thread(page, feed, count);
    }

    private static int? Count(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
}
