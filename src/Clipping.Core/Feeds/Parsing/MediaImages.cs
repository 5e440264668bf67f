using System.Xml.Linq;

namespace Clipping.Feeds.Parsing;

/// <summary>Finds the image a feed names for a post: Media RSS first, then enclosures, then the podcast artwork.</summary>
internal static class MediaImages
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"];

    /// <summary>The image URL as written (possibly relative), or null.</summary>
    public static string? Find(XElement item) =>
        MediaContent(item) ?? Thumbnail(item) ?? Enclosure(item) ?? item.Element(FeedXml.ItunesImage)?.AttributeValue("href");

    // Media RSS is written with and without the trailing slash on its namespace.
    private static bool IsMedia(XElement e, string localName) =>
        e.Name.LocalName == localName && e.Name.NamespaceName.StartsWith("http://search.yahoo.com/mrss", StringComparison.Ordinal);

    /// <summary>media:content elements of the item and of its media:groups.</summary>
    private static IEnumerable<XElement> MediaElements(XElement item, string localName) =>
        item.Elements().SelectMany(e => IsMedia(e, "group") ? e.Elements() : [e]).Where(e => IsMedia(e, localName));

    private static string? MediaContent(XElement item) =>
        MediaElements(item, "content")
            .Where(e => IsImage(e.AttributeValue("medium"), e.AttributeValue("type"), e.AttributeValue("url")))
            .Select(e => e.AttributeValue("url"))
            .FirstOrDefault(url => !string.IsNullOrWhiteSpace(url));

    /// <summary>Thumbnails directly under the item or a group, or inside a media:content (as YouTube writes them).</summary>
    private static string? Thumbnail(XElement item) =>
        MediaElements(item, "thumbnail")
            .Concat(MediaElements(item, "content").Elements().Where(e => IsMedia(e, "thumbnail")))
            .Select(e => e.AttributeValue("url"))
            .FirstOrDefault(url => !string.IsNullOrWhiteSpace(url));

    /// <summary>An RSS enclosure, or an Atom link rel="enclosure", that is an image.</summary>
    private static string? Enclosure(XElement item)
    {
        foreach (var e in item.Elements())
        {
            var url = e.Name.LocalName switch
            {
                "enclosure" when e.Name.Namespace == item.Name.Namespace => e.AttributeValue("url"),
                "link" when e.AttributeValue("rel") == "enclosure" => e.AttributeValue("href"),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(url) && IsImage(null, e.AttributeValue("type"), url)) return url;
        }
        return null;
    }

    /// <summary>Media declared as an image; undeclared media count when the URL ends like an image file.</summary>
    private static bool IsImage(string? medium, string? type, string? url)
    {
        if (medium is not null) return medium.Trim().Equals("image", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(type)) return type.Trim().StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        if (url is null) return false;
        var path = url.Split('?', '#')[0];
        return ImageExtensions.Any(ext => path.EndsWith(ext, StringComparison.OrdinalIgnoreCase));
    }
}
