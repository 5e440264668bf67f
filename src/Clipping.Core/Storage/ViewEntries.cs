using Clipping.Clippings;
using Clipping.Topics;
using Clipping.Views;

namespace Clipping.Storage;

/// <summary>
/// The index entries a clipping is listed under in the contributor, tag, links and (on Table Storage) search views. An entry
/// is a short key with no character a Table row key forbids and no '|', the separator of the rows built from it.
/// </summary>
internal static class ViewEntries
{
    public static string Contributor(string contributorId) => "c:" + contributorId;

    // Tags can hold any character: hashed, so the entry stays a valid row key of fixed length.
    public static string Tag(string tagKey) => "g:" + CanonicalUrl.Hash(tagKey)[..20];

    public static string Term(string term) => "w:" + term;

    /// <summary>An article the clipping links to, by the clipping key it would have (a hash: a valid row key).</summary>
    public static string Link(string key) => "l:" + key;

    public static IEnumerable<string> Of(Clippings.Clipping clipping, bool withTerms)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in clipping.Sources) entries.Add(Contributor(source.ContributorId));
        foreach (var tag in clipping.Tags)
        {
            var key = TagKey.Of(tag);
            if (key.Length > 0) entries.Add(Tag(key));
        }
        foreach (var link in Conversations.ClippingLinks.Of(clipping)) entries.Add(Link(link.Key));
        if (withTerms)
        {
            foreach (var term in Terms(clipping)) entries.Add(Term(term));
        }
        return entries;
    }

    /// <summary>What a clipping is found by in a search.</summary>
    public static IEnumerable<string> Terms(Clippings.Clipping clipping) =>
        SearchTerms.Of(clipping.Title).Concat(SearchTerms.Of(clipping.ExcerptText)).Concat(clipping.Tags.SelectMany(SearchTerms.Of));

    /// <summary>The entries a filter needs a clipping to have, or null for filters not served from entries.</summary>
    public static IReadOnlyList<string>? For(ClippingFilter filter) => filter switch
    {
        ClippingFilter.ByContributor c => [Contributor(c.ContributorId)],
        ClippingFilter.ByTag t => [Tag(t.TagKey)],
        ClippingFilter.LinkingTo l => [Link(l.Key)],
        ClippingFilter.Matching m => [.. m.Query.Terms.Select(Term)],
        _ => null,
    };
}
