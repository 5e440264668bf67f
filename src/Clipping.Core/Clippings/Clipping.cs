namespace Clipping.Clippings;

/// <summary>
/// One article on the joint page: the same canonical URL clipped by one or more contributors.
/// What is shown (title, link, excerpt, HTML) comes from the earliest source, the original.
/// </summary>
/// <param name="Key">Stable id: a hash of <see cref="CanonicalUrl"/> (or of the source item when it has no link).</param>
/// <param name="Topic">Slug of the topic it was clipped for.</param>
/// <param name="Link">The link shown: the original as its earliest source gave it.</param>
/// <param name="ExcerptText">Plain text, for the page.</param>
/// <param name="ContentHtml">Sanitised HTML with absolute URLs, for the feeds.</param>
/// <param name="Published">Earliest published time its sources give (first-seen time when none gives one).</param>
/// <param name="FirstSeen">When Clipping first saw it.</param>
/// <param name="Updated">When its content last changed.</param>
/// <param name="ContentHash">Hash of what is shown, so an unchanged re-fetch writes nothing.</param>
public sealed record Clipping(
    string Key,
    string Topic,
    string CanonicalUrl,
    string? Link,
    string Title,
    string ExcerptText,
    string ContentHtml,
    string? ImageUrl,
    DateTimeOffset Published,
    DateTimeOffset FirstSeen,
    DateTimeOffset Updated,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Authors,
    IReadOnlyList<ClippingSource> Sources,
    string ContentHash);

/// <summary>One contributor's sighting of a clipping: who carried it, under which id and link, and when they say it was published.</summary>
/// <param name="ItemKey">The contributor's own id for the item (guid or Atom id, else its link), as a key.</param>
/// <param name="Published">The date the source gave, or null when it gave none.</param>
/// <param name="Updated">When the source says the post was last updated, or null when it does not say.</param>
/// <param name="Comments">The comments under the post on the contributor's blog, as their feed last said. A change here
/// alone is not a new version of the post: it is saved, but the clipping's <see cref="Clipping.Updated"/> stays.</param>
public sealed record ClippingSource(
    string ContributorId,
    string ContributorName,
    string? ContributorSiteUrl,
    string ItemKey,
    string? Link,
    DateTimeOffset? Published,
    DateTimeOffset FirstSeen,
    DateTimeOffset? Updated = null,
    Feeds.Parsing.PostComments? Comments = null);
