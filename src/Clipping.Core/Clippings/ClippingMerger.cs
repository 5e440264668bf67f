using System.Security.Cryptography;
using System.Text;
using Clipping.Topics;

namespace Clipping.Clippings;

/// <summary>
/// The dedupe rules, as one pure function both stores call inside their own atomic step:
/// one clipping per canonical URL, credited to every contributor who carried it; what it shows
/// comes from its earliest source; the same source seen again updates it only when its content changed.
/// </summary>
public static class ClippingMerger
{
    public static (Clipping Result, MergeOutcome Outcome) Merge(Clipping? existing, Sighting sighting)
    {
        var source = new ClippingSource(
            sighting.ContributorId, sighting.ContributorName, sighting.ContributorSiteUrl,
            sighting.ItemKey, sighting.Link, sighting.Published, sighting.SeenAt, sighting.SourceUpdated, sighting.Comments);

        if (existing is null)
        {
            var created = Show(
                new Clipping(sighting.Key, sighting.Topic, sighting.CanonicalUrl, null, "", "", "", null,
                    SourceTime(source), sighting.SeenAt, sighting.SeenAt, [], [], [source], ""),
                sighting, sighting.Tags);
            return (created with { ContentHash = HashOf(created) }, MergeOutcome.New);
        }

        var index = IndexOf(existing.Sources, sighting.ContributorId);
        var outcome = index < 0 ? MergeOutcome.Merged : MergeOutcome.Updated;
        var sources = existing.Sources.ToList();
        if (index < 0)
        {
            sources.Add(source);
        }
        else
        {
            // The first sighting's time is kept: it is when the contributor first carried it.
            sources[index] = source with { FirstSeen = sources[index].FirstSeen };
        }
        sources = [.. sources.OrderBy(SourceTime).ThenBy(s => s.FirstSeen)];

        var merged = existing with
        {
            Sources = sources,
            Published = sources.Min(SourceTime),
            Tags = MergeTags(existing.Tags, sighting.Tags),
        };
        // Only the earliest source decides what is shown; a later copy adds a credit and tags, nothing else.
        if (sources[0].ContributorId == sighting.ContributorId)
        {
            merged = Show(merged, sighting, merged.Tags);
        }

        var hash = HashOf(merged);
        var sourcesChanged = !existing.Sources.SequenceEqual(sources);
        if (hash == existing.ContentHash && !sourcesChanged) return (existing, MergeOutcome.Unchanged);
        if (outcome == MergeOutcome.Updated && hash == existing.ContentHash)
        {
            // Only the source's own bookkeeping (its link, its date, its comment count) moved: save it, but it is not news.
            return (merged, MergeOutcome.Unchanged);
        }
        return (merged with { ContentHash = hash, Updated = hash == existing.ContentHash ? existing.Updated : sighting.SeenAt }, outcome);
    }

    private static Clipping Show(Clipping clipping, Sighting s, IReadOnlyList<string> tags) => clipping with
    {
        CanonicalUrl = s.CanonicalUrl,
        Link = s.Link,
        Title = s.Title,
        ExcerptText = s.ExcerptText,
        ContentHtml = s.ContentHtml,
        ImageUrl = s.ImageUrl,
        Authors = s.Authors,
        Tags = tags,
    };

    private static DateTimeOffset SourceTime(ClippingSource s) => s.Published ?? s.FirstSeen;

    private static int IndexOf(IReadOnlyList<ClippingSource> sources, string contributorId)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].ContributorId == contributorId) return i;
        }
        return -1;
    }

    private static IReadOnlyList<string> MergeTags(IReadOnlyList<string> existing, IReadOnlyList<string> added)
    {
        var keys = existing.Select(TagKey.Of).ToHashSet(StringComparer.Ordinal);
        var merged = existing.ToList();
        foreach (var tag in added)
        {
            if (keys.Add(TagKey.Of(tag))) merged.Add(tag);
        }
        return merged.Count == existing.Count ? existing : merged;
    }

    /// <summary>A hash of everything a reader sees, so an unchanged re-fetch writes nothing.</summary>
    private static string HashOf(Clipping c)
    {
        var text = string.Join('\u001f',
            c.Title, c.Link, c.ExcerptText, c.ContentHtml, c.ImageUrl, string.Join('\u001e', c.Tags),
            string.Join('\u001e', c.Authors), c.Published.UtcTicks,
            string.Join('\u001e', c.Sources.Select(s => s.ContributorName)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
