namespace Clipping.Clippings;

/// <summary>
/// One contributor's post, matched to a topic and cleaned, on its way to becoming (or joining) a clipping.
/// </summary>
/// <param name="Key">The clipping key it belongs under: a hash of <paramref name="CanonicalUrl"/>.</param>
/// <param name="ItemKey">The contributor's own id for the post, so the same post seen again is recognised even if its link changes.</param>
/// <param name="Published">The date the source gave (already clamped to <paramref name="SeenAt"/>), or null.</param>
/// <param name="SeenAt">When this refresh saw it; stands in for the date when the source gives none.</param>
/// <param name="SourceHash">Hash of the post as the feed gave it (and how it matched), so an unchanged post is skipped next time before any cleaning.</param>
/// <param name="SourceUpdated">When the post says it was last updated, or null.</param>
/// <param name="Comments">The comments under the post on the contributor's blog, as its feed says, or null.</param>
public sealed record Sighting(
    string Topic,
    string Key,
    string CanonicalUrl,
    string ContributorId,
    string ContributorName,
    string? ContributorSiteUrl,
    string ItemKey,
    string? Link,
    string Title,
    string ExcerptText,
    string ContentHtml,
    string? ImageUrl,
    DateTimeOffset? Published,
    DateTimeOffset SeenAt,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Authors,
    string SourceHash = "",
    DateTimeOffset? SourceUpdated = null,
    Feeds.Parsing.PostComments? Comments = null);

/// <summary>What saving a sighting did to the store.</summary>
public enum MergeOutcome
{
    /// <summary>A clipping that did not exist before.</summary>
    New,
    /// <summary>The same source item, with changed content: updated in place.</summary>
    Updated,
    /// <summary>Another contributor's copy of an existing clipping: credited to them too.</summary>
    Merged,
    /// <summary>Seen before and unchanged: nothing written.</summary>
    Unchanged,
}
