using System.Xml.Linq;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing;

/// <summary>What one parse carries from start to finish: where the document came from, the post cap, and the warnings so far.</summary>
internal sealed class FeedContext(Uri? documentUrl, int maxPosts, KnownItems? known = null)
{
    private List<FingerprintedItem>? _items;

    /// <summary>Only an absolute web URL can anchor relative links: a relative one, or a file read from disk, is as good as none.</summary>
    public Uri? DocumentUrl { get; private set; } = documentUrl is { IsAbsoluteUri: true } && FeedUrls.IsHttp(documentUrl) ? documentUrl : null;

    public List<string> Warnings { get; } = [];

    /// <summary>The WebSub hub the document declares, if any (see <see cref="DeclaresHub"/>).</summary>
    public PushLinks? Push { get; private set; }

    /// <summary>Records the feed's own rel="hub" and rel="self" links, resolved against where it was fetched.</summary>
    public void DeclaresHub(string? hubHref, string? selfHref) => Push ??= PushLinks.From(hubHref, selfHref, DocumentUrl);

    /// <summary>A feed whose address is not known still says where it lives: its self link then anchors relative links.</summary>
    public void FallBackToSelfLink(string? selfHref)
    {
        if (DocumentUrl is null) DocumentUrl = FeedUrls.HttpUri(selfHref, null);
    }


    /// <summary>The images the feed offers as its own face, best first, absolute (see <see cref="OffersIcons"/>).</summary>
    public List<string> Icons { get; } = [];

    /// <summary>Records images the feed names for itself (its icon, logo, favicon), resolved against <paramref name="baseUri"/>.</summary>
    public void OffersIcons(Uri? baseUri, params IEnumerable<string?> urls)
    {
        foreach (var url in urls)
        {
            if (FeedUrls.HttpUrl(url, baseUri ?? DocumentUrl) is { } absolute && !Icons.Contains(absolute)) Icons.Add(absolute);
        }
    }

    /// <summary>Keeps the first posts up to the cap, saying so when some are dropped.</summary>
    public List<T> Limit<T>(IEnumerable<T> items)
    {
        var all = items.ToList();
        if (all.Count <= maxPosts) return all;
        Warnings.Add($"The feed has {all.Count} posts: kept the first {maxPosts}");
        return all.GetRange(0, maxPosts);
    }

    /// <summary>The items to read: the first up to the cap, less those the caller has read before (see <see cref="KnownItems"/>).</summary>
    /// <param name="items">Children of one element, as every format has them.</param>
    /// <param name="readIn">Everything from outside an item that the adapter reads it with (base URLs, the feed's authors).</param>
    public List<XElement> Fresh(IEnumerable<XElement> items, params IEnumerable<string?> readIn)
    {
        var limited = Limit(items);
        if (known is null) return limited;
        var seed = ItemFingerprints.OfContext(DocumentUrl, limited.FirstOrDefault()?.Parent, readIn);
        _items = new List<FingerprintedItem>(limited.Count);
        var fresh = new List<XElement>(limited.Count);
        foreach (var item in limited)
        {
            var inFeed = ItemFingerprints.OfItem(seed, item);
            var fingerprint = ItemFingerprints.WithCallerSeed(inFeed, known.Seed);
            var isKnown = known.Fingerprints.Contains(fingerprint);
            _items.Add(new FingerprintedItem(fingerprint, isKnown ? null : fresh.Count) { InFeed = inFeed });
            if (!isKnown) fresh.Add(item);
        }
        return fresh;
    }

    public ParsedFeed Finish(FeedFormat format, string? title, string? link, IEnumerable<ParsedPost> posts)
    {
        var list = posts.ToList();
        // Each read item gives one post; were that ever not so, the indexes would be wrong, and no fingerprints are better.
        var items = _items is not null && _items.Count(i => i.PostIndex is not null) == list.Count ? _items : null;
        return new(format, title, link, list, Warnings) { Items = items, Push = Push, Seed = known?.Seed, Icons = Icons };
    }
}
