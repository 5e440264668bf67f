using System.Text;
using Clipping.Feeds.Fetching;
using Clipping.Storage;

namespace Clipping.Contributors;

/// <summary>
/// A contributor acting on their own registration, with no account: leaving through the private link they were given
/// at registration, and, when they have lost it, getting a new one by putting a claim code in their feed (a post or
/// its description), which only the feed's owner can do.
/// </summary>
public sealed class Leaving(IClippingStore store, FeedFetcher fetcher, TimeProvider time)
{
    /// <summary>The contributor whose leave link this is, or null for a link that opens nothing.</summary>
    public async Task<Contributor?> FindAsync(string id, string key, CancellationToken cancellationToken) =>
        id.Length is > 0 and <= 64 && await store.GetContributorAsync(id, cancellationToken) is { } contributor && contributor.Keys?.Opens(key) == true
            ? contributor
            : null;

    /// <summary>
    /// Takes the feed off the site: it is no longer read, and its registration shows as removed. What was clipped from
    /// it stays, credited to them, as when a moderator removes a feed.
    /// </summary>
    public async Task<Contributor?> LeaveAsync(string id, string key, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, key, cancellationToken) is not { } contributor) return null;
        var removed = contributor with { Status = ContributorStatus.Removed };
        await store.UpdateContributorAsync(removed, cancellationToken);
        return removed;
    }

    /// <summary>The claim code the owner of this feed should put in it: the one already asked for while it lasts, else a new one.</summary>
    public async Task<string> ClaimCodeAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await store.GetContributorAsync(contributor.Id, cancellationToken) ?? contributor;
        // Asking again keeps the code: a stranger asking cannot replace the code the owner is putting in their feed.
        if (current.Keys is { } keys && keys.HasLiveClaim(now)) return keys.ClaimCode!;
        var code = ContributorKeys.NewClaimCode();
        await store.UpdateContributorAsync(current with { Keys = (current.Keys ?? new ContributorKeys(null)) with { ClaimCode = code, ClaimIssuedAt = now } }, cancellationToken);
        return code;
    }

    /// <summary>
    /// Reads the feed and, when the live claim code is in it, gives the contributor a new leave key (returned once; the
    /// old link stops working). Null, with why, when the code is not (yet) there.
    /// </summary>
    public async Task<(string? LeaveKey, string? Problem)> ClaimAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var current = await store.GetContributorAsync(contributor.Id, cancellationToken) ?? contributor;
        if (current.Keys is not { } keys || !keys.HasLiveClaim(time.GetUtcNow()))
        {
            return (null, "There is no claim code waiting for this feed (or it is more than a week old): ask for a new one.");
        }
        var fetched = await fetcher.FetchAsync(new Uri(current.FeedUrl), null, null, cancellationToken);
        if (fetched.Status != FetchStatus.Fetched) return (null, $"Could not read your feed just now: {fetched.Error}");
        // The code is letters, digits and a dash: found as it is in any encoding a feed may use that keeps ASCII.
        if (!Encoding.Latin1.GetString(fetched.Body!).Contains(keys.ClaimCode!, StringComparison.Ordinal))
        {
            return (null, $"The code {keys.ClaimCode} is not in your feed yet. Blogs can take a few minutes to update their feed: try again shortly.");
        }
        var (leaveKey, fresh) = ContributorKeys.NewLeaveKey();
        await store.UpdateContributorAsync(current with { Keys = fresh }, cancellationToken);
        return (leaveKey, null);
    }
}
