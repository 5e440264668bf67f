namespace Clipping.Feeds.Parsing;

/// <summary>The formats a feed can arrive in.</summary>
public enum FeedFormat { Rss090, Rss091, Rss092, Rss20, Rss10, Atom10, JsonFeed }

/// <summary>One feed, normalised: whatever format it came in, the rest of the pipeline reads this.</summary>
/// <param name="Warnings">What was wrong but salvaged (a feed cut short, an undeclared entity), in words a person understands.</param>
public sealed record ParsedFeed(
    FeedFormat Format,
    string? Title,
    string? Link,
    IReadOnlyList<ParsedPost> Posts,
    IReadOnlyList<string> Warnings)
{
    /// <summary>When the parse was given <see cref="KnownItems"/> and the format has items to fingerprint: every item kept,
    /// read or skipped, in the feed's order. Null otherwise.</summary>
    public IReadOnlyList<FingerprintedItem>? Items { get; init; }

    /// <summary>The <see cref="KnownItems.Seed"/> the items were fingerprinted with; null without <see cref="Items"/>.</summary>
    public string? Seed { get; init; }

    /// <summary>
    /// The same parse, its items fingerprinted for another caller's <paramref name="seed"/> (a registration's check,
    /// processed as the contributor's first refresh). Only a parse that skipped nothing can be reused: null otherwise.
    /// </summary>
    public ParsedFeed? ForSeed(string seed) =>
        Seed == seed ? this
        : Items is null || Items.Any(i => i.PostIndex is null) ? null
        : this with { Seed = seed, Items = Items.Select(i => i with { Fingerprint = ItemFingerprints.WithCallerSeed(i.InFeed, seed) }).ToList() };

    /// <summary>Images the feed names as its own (RSS image, Atom icon and logo, JSON Feed icon, favicon, author avatar), best first.</summary>
    public IReadOnlyList<string> Icons { get; init; } = [];

    /// <summary>The WebSub hub the document names, with the topic to subscribe to there; null when it names none.</summary>
    public PushLinks? Push { get; init; }

    /// <summary>The fingerprint of each post in <see cref="Posts"/>, in the same order; null without <see cref="Items"/>.</summary>
    public IReadOnlyList<ulong>? PostFingerprints => Items?.Where(i => i.PostIndex is not null).Select(i => i.Fingerprint).ToList();

    /// <summary>The fingerprints of the items skipped because <see cref="KnownItems"/> knew them; they are not in <see cref="Posts"/>.</summary>
    public IReadOnlyList<ulong> UnchangedItems => Items?.Where(i => i.PostIndex is null).Select(i => i.Fingerprint).ToList() ?? [];
}

/// <summary>An item of a feed by fingerprint (see <see cref="KnownItems"/>), with the index of its post in
/// <see cref="ParsedFeed.Posts"/>, or null when it was skipped as known.</summary>
public readonly record struct FingerprintedItem(ulong Fingerprint, int? PostIndex)
{
    /// <summary>The item's fingerprint before the caller's seed was mixed in.</summary>
    public ulong InFeed { get; init; }
}

/// <summary>
/// The items a caller has already read from a feed, by fingerprint: the parser skips those before reading them, which is
/// most of the cost of a feed that has one new post among twenty.
/// </summary>
/// <param name="Seed">Whatever else decides what the caller does with a post (its matching rules, say): a different seed
/// gives every item a different fingerprint.</param>
public sealed record KnownItems(string Seed, IReadOnlySet<ulong> Fingerprints);

/// <summary>One post, normalised.</summary>
/// <param name="Id">The feed's own id for the post (guid, Atom id), or null if it gives none.</param>
/// <param name="Link">Absolute URL of the post's page (the alternate link), or null.</param>
/// <param name="Published">When it was published (or, lacking that, updated), in UTC; null when the feed gives no date.</param>
/// <param name="ContentHtml">The fullest HTML the feed gives (content, else summary), as published: not yet cleaned.</param>
/// <param name="SummaryHtml">The short form (description/summary) as published, or null.</param>
/// <param name="ImageUrl">An image the feed names for the post (media:content, enclosure), absolute, or null.</param>
/// <param name="BaseUrl">The URL relative references in the content resolve against (xml:base, else the link).</param>
/// <param name="Comments">The conversation under the post on its own blog, or null when the feed says nothing of it.</param>
public sealed record ParsedPost(
    string? Id,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Tags,
    string? SummaryHtml,
    string? ContentHtml,
    string? ImageUrl,
    string? BaseUrl,
    PostComments? Comments = null);

/// <summary>The comments under a post on its own blog, as its feed describes them.</summary>
/// <param name="Page">Absolute http(s) address of the page showing them, or null.</param>
/// <param name="Feed">Absolute http(s) address of the comments' own feed, or null.</param>
/// <param name="Count">How many comments the feed says there are, or null when it does not say.</param>
public sealed record PostComments(string? Page, string? Feed, int? Count)
{
    /// <summary>Null when there is nothing to say.</summary>
    public static PostComments? Of(string? page, string? feed, int? count) =>
        page is null && feed is null && count is null ? null : new PostComments(page, feed, count);
}

/// <summary>Raised when a document cannot be read as a feed at all. The message is meant for people.</summary>
public sealed class FeedParseException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Set when the document is an HTML page: its title, so the message can say what was served.</summary>
    public string? HtmlTitle { get; init; }
}
