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
