using System.Xml.Linq;

namespace Clipping.Feeds.Parsing;

/// <summary>Reads and tidies the tags a post is filed under.</summary>
internal static class FeedTags
{
    /// <summary>
    /// The words of one dc:subject. Bookmarking sites write all of a bookmark's tags in one, space-separated
    /// ("bigsociety localism cuts"); others write a comma-separated list, in which a tag may have spaces of its own.
    /// </summary>
    public static IEnumerable<string> SplitSubject(string subject) =>
        subject.Contains(',', StringComparison.Ordinal)
            ? subject.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The tags Dublin Core and Atom add to an RSS item's categories: each dc:subject's words (FeedReader drops dc:subject,
    /// which bookmarking sites use for all of a bookmark's tags) and each embedded Atom category's term, else its label.
    /// One pass over the item finds both.
    /// </summary>
    public static IEnumerable<string> FromExtensions(XElement item)
    {
        foreach (var child in item.Elements())
        {
            if (child.Name == FeedXml.DcSubject)
            {
                foreach (var word in SplitSubject(child.Value)) yield return word;
            }
            else if (child.Name == FeedXml.AtomCategory && (child.Attribute("term")?.Value ?? child.Attribute("label")?.Value) is { } category)
            {
                yield return category;
            }
        }
    }

    /// <summary>Trimmed, without empties or exact repeats, in the feed's order. Case and spacing are left as written: matching folds them.</summary>
    public static List<string> Distinct(IEnumerable<string?> raw)
    {
        var tags = new List<string>();
        foreach (var value in raw)
        {
            if (FeedText.NullIfBlank(value) is { } tag && !tags.Contains(tag, StringComparer.Ordinal)) tags.Add(tag);
        }
        return tags;
    }
}
