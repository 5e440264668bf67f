using System.Xml.Linq;
using Clipping.Feeds.Parsing.Formats;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Reads and tidies the tags a post is filed under.</summary>
internal static class FeedTags
{
    /// <summary>
    /// The tags in one dc:subject. A comma-separated list is split at its commas (a tag may have spaces of its own).
    /// Otherwise it is one subject ("World News"), except where <paramref name="spaceSeparated"/>: bookmarking sites
    /// (del.icio.us, Pinboard, Diigo), which publish RSS 1.0, write all of a bookmark's tags in one, space-separated
    /// ("bigsociety localism cuts").
    /// </summary>
    public static IEnumerable<string> SplitSubject(string subject, bool spaceSeparated) =>
        subject.Contains(',', StringComparison.Ordinal)
            ? subject.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : spaceSeparated ? subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [subject];

    /// <summary>
    /// The tags Dublin Core and Atom add to an RSS item's categories: each dc:subject's tags (FeedReader drops dc:subject,
    /// which bookmarking sites use for all of a bookmark's tags) and each embedded Atom category's term, else its label.
    /// One pass over the item finds both.
    /// </summary>
    /// <param name="spaceSeparatedSubjects">Whether dc:subject holds space-separated tags (RSS 1.0, see <see cref="SplitSubject"/>).</param>
    public static IEnumerable<string> FromExtensions(XElement item, bool spaceSeparatedSubjects)
    {
        foreach (var child in item.Elements())
        {
            if (child.Name == FeedXml.DcSubject)
            {
                foreach (var word in SplitSubject(child.Value, spaceSeparatedSubjects)) yield return word;
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
