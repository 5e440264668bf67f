using Clipping.Storage;
using Clipping.Views;

namespace Clipping.Conversations;

/// <summary>One contributor's part in a discussion: their clippings in it, newest first, and when they joined.</summary>
public sealed record DiscussionParticipant(string ContributorId, string Name, IReadOnlyList<Clippings.Clipping> Clippings, DateTimeOffset Joined);

/// <summary>
/// Something several contributors wrote about in the window: an outside article several of them link to, or a
/// clipping others answered (its own contributors take part as its authors).
/// </summary>
/// <param name="Key">The clipping key of what is discussed: the clipping's own, or the one an article's URL would have.</param>
/// <param name="Url">Where what is discussed is: the article's address, or the clipping's link.</param>
/// <param name="Discussed">The clipping discussed, or null for an outside article.</param>
/// <param name="Participants">Everyone taking part, in the order they joined.</param>
public sealed record Discussion(string Key, string Url, Clippings.Clipping? Discussed, IReadOnlyList<DiscussionParticipant> Participants)
{
    /// <summary>When the discussion began: the discussed clipping's publication, or the first link to the article.</summary>
    public DateTimeOffset Began => Participants[0].Joined;

    /// <summary>When it became a discussion: the second contributor joined.</summary>
    public DateTimeOffset Started => Participants[1].Joined;

    /// <summary>When the last contributor joined: a feed's item is updated then.</summary>
    public DateTimeOffset LastJoined => Participants[^1].Joined;

    /// <summary>The newest clipping in it.</summary>
    public DateTimeOffset Newest => Participants.Max(p => p.Clippings[0].Published);
}

/// <summary>
/// What the network is talking about over a window of days: the outside articles several contributors link to, and
/// the clippings other contributors answered, ranked by how many contributors take part, then by the newest clipping.
/// </summary>
/// <remarks>
/// The window's clippings come from the timeline, newest first, and their links from their stored content, as the link
/// entries are made (<see cref="ClippingLinks"/>); the only other reads look up which linked addresses are clippings
/// themselves. So a page costs reads in proportion to the window's clippings, never a scan of the topic.
/// </remarks>
public static class Discussions
{
    /// <summary>The windows readers can pick, in days; the first is the default.</summary>
    public static IReadOnlyList<int> Windows { get; } = [7, 30, 365];

    /// <summary>The most clippings a window reads: past it, the oldest of a busy year are left out.</summary>
    public const int MaxWindowClippings = 5000;

    private const int PageSize = 500;

    /// <summary>
    /// The discussions of the last <paramref name="days"/> days. Published times are never after the moment a clipping
    /// was seen, so a span ending a day past now takes in every one.
    /// </summary>
    public static async Task<IReadOnlyList<Discussion>> FindAsync(IClippingStore store, string topic, int days, DateTimeOffset now, CancellationToken cancellationToken) =>
        await AmongAsync(store, topic, await ReadSpanAsync(store, topic, new ClippingFilter.PublishedBetween(now.AddDays(-days), now.AddDays(1)), cancellationToken), cancellationToken);

    /// <summary>The discussions among clippings already read (a week's, say): those are the window.</summary>
    public static async Task<IReadOnlyList<Discussion>> AmongAsync(IClippingStore store, string topic, IReadOnlyList<Clippings.Clipping> window, CancellationToken cancellationToken)
    {
        var inWindow = window.ToDictionary(c => c.Key, StringComparer.Ordinal);

        // Which clippings link to each address, each clipping once per address.
        var linkedFrom = new Dictionary<string, (string Url, List<Clippings.Clipping> Clippings)>(StringComparer.Ordinal);
        foreach (var clipping in window)
        {
            foreach (var link in ClippingLinks.Of(clipping))
            {
                if (!linkedFrom.TryGetValue(link.Key, out var entry)) linkedFrom[link.Key] = entry = (link.Url, []);
                entry.Clippings.Add(clipping);
            }
        }
        var outside = linkedFrom.Keys.Where(k => !inWindow.ContainsKey(k)).ToList();
        var older = outside.Count == 0 ? new Dictionary<string, Clippings.Clipping>() : await store.GetClippingsByKeyAsync(topic, outside, cancellationToken);

        var discussions = new List<Discussion>();
        foreach (var (key, (url, linking)) in linkedFrom)
        {
            var discussed = inWindow.GetValueOrDefault(key) ?? older.GetValueOrDefault(key);
            var participants = Participants(discussed, linking);
            if (participants.Count < 2) continue;
            // A clipping two contributors carried together, answered only by one of them, is not yet a discussion.
            if (discussed is not null && participants.TrueForAll(p => discussed.Sources.Any(s => s.ContributorId == p.ContributorId))) continue;
            discussions.Add(new Discussion(key, discussed?.Link ?? url, discussed, participants));
        }
        return [.. discussions
            .OrderByDescending(d => d.Participants.Count)
            .ThenByDescending(d => d.Newest)
            .ThenBy(d => d.Key, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The contributors taking part, in the order they joined: a discussed clipping's own contributors first (as of its
    /// publication), then each contributor linking to it at their first clipping that does.
    /// </summary>
    private static List<DiscussionParticipant> Participants(Clippings.Clipping? discussed, List<Clippings.Clipping> linking)
    {
        var byContributor = new Dictionary<string, (string Name, List<Clippings.Clipping> Clippings)>(StringComparer.Ordinal);
        if (discussed is not null)
        {
            foreach (var source in discussed.Sources) byContributor.TryAdd(source.ContributorId, (source.ContributorName, [discussed]));
        }
        foreach (var clipping in linking)
        {
            foreach (var source in clipping.Sources)
            {
                if (!byContributor.TryGetValue(source.ContributorId, out var entry)) byContributor[source.ContributorId] = entry = (source.ContributorName, []);
                if (!entry.Clippings.Contains(clipping)) entry.Clippings.Add(clipping);
            }
        }
        return [.. byContributor
            .Select(p => new DiscussionParticipant(p.Key, p.Value.Name, [.. p.Value.Clippings.OrderByDescending(c => c.Published)], p.Value.Clippings.Min(c => c.Published)))
            .OrderBy(p => p.Joined)
            // Two who carried the same post joined together: by name, as readers see them, then by id.
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.ContributorId, StringComparer.Ordinal)];
    }

    /// <summary>The clippings published in a span, newest first: at most <see cref="MaxWindowClippings"/>, the newest.</summary>
    public static async Task<IReadOnlyList<Clippings.Clipping>> ReadSpanAsync(IClippingStore store, string topic, ClippingFilter.PublishedBetween filter, CancellationToken cancellationToken)
    {
        var window = new List<Clippings.Clipping>();
        string? continuation = null;
        do
        {
            var page = await store.GetClippingsAsync(topic, filter, Math.Min(PageSize, MaxWindowClippings - window.Count), continuation, cancellationToken);
            window.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null && window.Count < MaxWindowClippings);
        return window;
    }
}
