using System.Xml.Linq;
using Clipping.Feeds.Parsing.Formats;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Finds the image a feed names for a post: a Media RSS image, else a thumbnail, else an image enclosure, else podcast artwork.</summary>
internal static class MediaImages
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"];

    /// <summary>The image URL as written (possibly relative), or null.</summary>
    /// <remarks>One pass over the item's children, since most items have no media at all.</remarks>
    public static string? Find(XElement item)
    {
        string? thumbnail = null, enclosure = null, artwork = null;
        foreach (var child in item.Elements())
        {
            if (IsMedia(child))
            {
                foreach (var media in child.Name.LocalName == "group" ? child.Elements() : [child])
                {
                    if (!IsMedia(media)) continue;
                    if (media.Name.LocalName == "content")
                    {
                        if (IsImage(media.Attribute("medium")?.Value, media.Attribute("type")?.Value, Url(media, "url")) && Url(media, "url") is { } image) return image;
                        // YouTube puts the thumbnail inside the media:content of the video.
                        thumbnail ??= media.Elements().Where(IsMedia).Where(static t => t.Name.LocalName == "thumbnail").Select(static t => Url(t, "url")).FirstOrDefault(static u => u is not null);
                    }
                    else if (media.Name.LocalName == "thumbnail")
                    {
                        thumbnail ??= Url(media, "url");
                    }
                }
            }
            else if (enclosure is null && child.Name.LocalName is "enclosure" or "link")
            {
                var url = child.Name.LocalName == "enclosure" ? Url(child, "url") : child.Attribute("rel")?.Value == "enclosure" ? Url(child, "href") : null;
                if (IsImage(null, child.Attribute("type")?.Value, url)) enclosure = url;
            }
            else if (FeedXml.IsItunes(child.Name, "image"))
            {
                artwork ??= Url(child, "href");
            }
        }
        return thumbnail ?? enclosure ?? artwork;
    }

    private static string? Url(XElement element, string attribute) =>
        element.Attribute(attribute)?.Value is { } url && !string.IsNullOrWhiteSpace(url) ? url : null;

    // Media RSS is written with and without the trailing slash on its namespace. XNamespaces are atomised: comparing is cheap.
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace MediaWithoutSlash = "http://search.yahoo.com/mrss";

    private static bool IsMedia(XElement e) => e.Name.Namespace == Media || e.Name.Namespace == MediaWithoutSlash;

    /// <summary>Media declared as an image; undeclared media count when the URL ends like an image file.</summary>
    private static bool IsImage(string? medium, string? type, string? url)
    {
        if (url is null) return false;
        if (medium is not null) return medium.Trim().Equals("image", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(type)) return type.Trim().StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        var path = url.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0) path = path[..query];
        foreach (var extension in ImageExtensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
