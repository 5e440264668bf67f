using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Clipping.Content;
using Clipping.Contributors;
using Clipping.Feeds.Parsing;
using Clipping.Topics;

namespace Clipping.Clippings;

/// <summary>Turns a contributor's parsed post into what is stored: cleaned, keyed, dated.</summary>
public sealed class SightingBuilder(HtmlCleaner cleaner, SiteTopics topics)
{
    /// <param name="seenAt">When this run saw the post; the date of a post that gives none, and the latest date a post may claim.</param>
    /// <param name="itemKey">The contributor's own key for the post (see <see cref="ItemKeys"/>).</param>
    /// <param name="sourceHash">The post's <see cref="PostFingerprint"/>, remembered so it is skipped while unchanged.</param>
    public Sighting Build(ParsedPost post, Contributor contributor, string topic, string itemKey, string sourceHash, DateTimeOffset seenAt)
    {
        // One sanitiser pass gives the HTML, the excerpt (the opening of the post itself, which is what a feed's own
        // summary usually is) and the first image.
        var content = cleaner.Clean(post.ContentHtml ?? post.SummaryHtml, post.BaseUrl);
        var excerpt = content.ExcerptText;
        var canonical = CanonicalUrl.Of(post.Link) ?? $"item:{contributor.Id}:{itemKey}";
        // A clock set wrong at the source must not pin a post to the top of the page.
        var published = post.Published > seenAt ? null : post.Published;
        var title = string.IsNullOrWhiteSpace(post.Title) ? HtmlCleaner.Excerpt(excerpt, 80) : post.Title;
        if (string.IsNullOrWhiteSpace(title)) title = post.Link ?? "(untitled)";

        return new Sighting(
            Topic: topic,
            Key: CanonicalUrl.Hash(canonical),
            CanonicalUrl: canonical,
            ContributorId: contributor.Id,
            ContributorName: contributor.Name,
            ContributorSiteUrl: contributor.SiteUrl,
            ItemKey: itemKey,
            Link: post.Link,
            Title: title,
            ExcerptText: excerpt,
            ContentHtml: content.Html,
            ImageUrl: post.ImageUrl ?? content.FirstImageUrl,
            Published: published,
            SeenAt: seenAt,
            Tags: ShownTags(post.Tags),
            Authors: post.Authors,
            SourceHash: sourceHash,
            SourceUpdated: post.Updated > seenAt ? null : post.Updated,
            Comments: post.Comments);
    }

    /// <summary>The post's tags as the page shows them: a topic's tag under the topic's own name, each tag once.</summary>
    private IReadOnlyList<string> ShownTags(IReadOnlyList<string> tags)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shown = new List<string>(tags.Count);
        foreach (var tag in tags)
        {
            var key = TagKey.Of(tag);
            var name = topics.All.FirstOrDefault(t => t.TagKeys.Contains(key))?.Name ?? tag.Trim();
            if (key.Length > 0 && seen.Add(TagKey.Of(name))) shown.Add(name);
        }
        return shown;
    }
}

/// <summary>How a contributor's posts are told apart: by the feed's own id, by link when the id is reused.</summary>
public static class ItemKeys
{
    /// <param name="otherIds">Hashes (<see cref="HashOfId"/>) of the ids of the feed's other items, those
    /// not read this time: a post whose id one of them shares is keyed by its link too.</param>
    public static IReadOnlyList<string> For(IReadOnlyList<ParsedPost> posts, IReadOnlyCollection<uint>? otherIds = null)
    {
        var idCounts = posts.Where(p => p.Id is not null).GroupBy(p => p.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var others = otherIds is { Count: > 0 } ? otherIds.ToHashSet() : null;
        return posts.Select(p =>
        {
            var link = CanonicalUrl.Of(p.Link);
            var unique = p.Id is not null && idCounts[p.Id] == 1 && others?.Contains(HashOfId(p.Id)) != true;
            if (unique) return Normalise(p.Id!);
            if (p.Id is not null && link is not null) return Normalise(p.Id) + "|" + link;
            if (link is not null) return link;
            return "text:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((p.Title ?? "") + "\u001f" + (p.ContentHtml ?? p.SummaryHtml ?? ""))).AsSpan(0, 12));
        }).ToList();
    }

    /// <summary>A short hash of a post's id, compared as ids are (ordinally), for remembering the ids of items not read again; 0 for none.</summary>
    public static uint HashOfId(string? id) =>
        id is null ? 0 : Math.Max(1u, XxHash32.HashToUInt32(MemoryMarshal.AsBytes(id.AsSpan())));

    // An id that is a URL changes scheme when a blog moves to https; it is still the same post.
    private static string Normalise(string id) => CanonicalUrl.Of(id) ?? id;
}
