using Clipping.Storage;
using Clipping.Views;

namespace Clipping.Conversations;

/// <summary>An outside article several clippings link to, and those clippings.</summary>
public sealed record SharedArticle(string Url, IReadOnlyList<Clippings.Clipping> LinkedFrom)
{
    /// <summary>How many contributors between them carried the clippings that link to it.</summary>
    public int Contributors => LinkedFrom.SelectMany(c => c.Sources).Select(s => s.ContributorId).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>Where a clipping stands in the conversation between the blogs.</summary>
/// <param name="RepliesTo">Clippings its content links to.</param>
/// <param name="DiscussedBy">Clippings whose content links to it.</param>
/// <param name="SharedArticles">Outside articles it links to that other clippings link to as well.</param>
public sealed record Conversation(
    IReadOnlyList<Clippings.Clipping> RepliesTo,
    IReadOnlyList<Clippings.Clipping> DiscussedBy,
    IReadOnlyList<SharedArticle> SharedArticles)
{
    public static Conversation None { get; } = new([], [], []);

    public bool IsEmpty => RepliesTo.Count == 0 && DiscussedBy.Count == 0 && SharedArticles.Count == 0;
}

/// <summary>
/// Finds the conversations around a page of clippings: which of them reply to other clippings (their content links to
/// a clipping's URL), which are discussed by others (a clipping links to them), and which outside articles several of
/// them link to. Links are indexed with each clipping (<see cref="ClippingFilter.LinkingTo"/>), so each question is one
/// indexed read, whichever store.
/// </summary>
public static class ConversationFinder
{
    /// <summary>At most this many of a clipping's links are checked for other clippings linking to the same article.</summary>
    private const int ArticlesPerClipping = 5;
    private const int MaxListed = 10;

    public static async Task<IReadOnlyDictionary<string, Conversation>> FindAsync(IClippingStore store, string topic,
        IReadOnlyList<Clippings.Clipping> clippings, CancellationToken cancellationToken)
    {
        var links = clippings.ToDictionary(c => c.Key, ClippingLinks.Of, StringComparer.Ordinal);
        var targets = await store.GetClippingsByKeyAsync(topic, [.. links.Values.SelectMany(l => l).Select(l => l.Key).Distinct(StringComparer.Ordinal)], cancellationToken);

        var found = new Dictionary<string, Conversation>(StringComparer.Ordinal);
        foreach (var clipping in clippings)
        {
            var repliesTo = links[clipping.Key].Select(l => targets.GetValueOrDefault(l.Key)).OfType<Clippings.Clipping>().ToList();
            var discussedBy = await LinkingToAsync(store, topic, clipping.Key, clipping.Key, cancellationToken);
            var shared = new List<SharedArticle>();
            foreach (var outside in links[clipping.Key].Where(l => !targets.ContainsKey(l.Key)).Take(ArticlesPerClipping))
            {
                var others = await LinkingToAsync(store, topic, outside.Key, clipping.Key, cancellationToken);
                if (others.Count > 0) shared.Add(new SharedArticle(outside.Url, [clipping, .. others]));
            }
            var conversation = new Conversation(repliesTo, discussedBy, shared);
            found[clipping.Key] = conversation.IsEmpty ? Conversation.None : conversation;
        }
        return found;
    }

    private static async Task<IReadOnlyList<Clippings.Clipping>> LinkingToAsync(IClippingStore store, string topic, string key, string except, CancellationToken cancellationToken)
    {
        var page = await store.GetClippingsAsync(topic, new ClippingFilter.LinkingTo(key), MaxListed + 1, null, cancellationToken);
        return page.Items.Where(c => c.Key != except).Take(MaxListed).ToList();
    }
}
