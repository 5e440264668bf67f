namespace Clipping.Topics;

/// <summary>Whether an address or a title names a topic: how a tag feed ("/tag/big-society/feed/") is recognised.</summary>
public static class TopicMention
{
    public static bool Names(IEnumerable<Topic> topics, Uri url, string? title)
    {
        var path = TagKey.Of(Uri.UnescapeDataString(url.AbsolutePath));
        var heading = TagKey.Of(title);
        // Keys shorter than three letters would be found inside any word.
        return topics.SelectMany(t => t.TagKeys).Any(k => k.Length >= 3 && (path.Contains(k, StringComparison.Ordinal) || heading.Contains(k, StringComparison.Ordinal)));
    }
}
