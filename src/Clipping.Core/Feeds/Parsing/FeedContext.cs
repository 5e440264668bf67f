namespace Clipping.Feeds.Parsing;

/// <summary>What one parse carries from start to finish: where the document came from, the post cap, and the warnings so far.</summary>
internal sealed class FeedContext(Uri? documentUrl, int maxPosts)
{
    /// <summary>Only an absolute web URL can anchor relative links: a relative one, or a file read from disk, is as good as none.</summary>
    public Uri? DocumentUrl { get; private set; } = documentUrl is { IsAbsoluteUri: true } && FeedUrls.IsHttp(documentUrl) ? documentUrl : null;

    public List<string> Warnings { get; } = [];

    /// <summary>A feed whose address is not known still says where it lives: its self link then anchors relative links.</summary>
    public void FallBackToSelfLink(string? selfHref)
    {
        if (DocumentUrl is null) DocumentUrl = FeedUrls.HttpUri(selfHref, null);
    }


    /// <summary>Keeps the first posts up to the cap, saying so when some are dropped.</summary>
    public List<T> Limit<T>(IEnumerable<T> items)
    {
        var all = items.ToList();
        if (all.Count <= maxPosts) return all;
        Warnings.Add($"The feed has {all.Count} posts: kept the first {maxPosts}");
        return all.GetRange(0, maxPosts);
    }

    public ParsedFeed Finish(FeedFormat format, string? title, string? link, IEnumerable<ParsedPost> posts) =>
        new(format, title, link, posts.ToList(), Warnings);
}
