using System.Xml.Linq;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>Builds FeedReader's view of one item without letting it sink the feed.</summary>
/// <remarks>
/// FeedReader 1.2.6 keeps its parsers internal, but its item classes (Rss20FeedItem, AtomFeedItem, Rss10FeedItem) take an
/// XElement publicly, so items are built from the document already loaded, one at a time. Their constructors throw on some
/// real-world input (a date with neither a comma nor a space, a namespace bound to an unexpected prefix); one bad item then
/// loses only FeedReader's view, and the adapters read those fields from the element instead.
/// </remarks>
internal static class FeedReaderItem
{
    public static T? TryCreate<T>(XElement element, Func<XElement, T> create) where T : class
    {
        try
        {
            return create(element);
        }
        catch (Exception e) when (e is ArgumentException or NullReferenceException or FormatException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }
}
