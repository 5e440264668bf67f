using System.Text;
using Clipping.Feeds.Fetching;
using Clipping.Storage;

namespace Clipping.Contributors;

/// <summary>
/// A contributor acting on their own registration, with no account: leaving through the private link they were given
/// at registration, and, when they have lost it, getting a new one by putting a claim code in their feed (a post or
/// its description), which only the feed's owner can do. Each code is handed to one requester, who posts it back.
/// </summary>
public sealed class Leaving(IClippingStore store, FeedFetcher fetcher, TimeProvider time)
{
    /// <summary>The contributor whose leave link this is, or null for a link that opens nothing.</summary>
    public async Task<Contributor?> FindAsync(string id, string key, CancellationToken cancellationToken) =>
        id.Length is > 0 and <= 64 && await store.GetContributorAsync(id, cancellationToken) is { } contributor && contributor.Keys?.Opens(key) == true
            ? contributor
            : null;

    /// <summary>
    /// Takes the feed off the site: it is no longer read. An approved feed shows as removed, its clippings staying,
    /// credited to them, as when a moderator removes it; a registration never approved is withdrawn (rejected), so it
    /// never gets a page of its own.
    /// </summary>
    public async Task<Contributor?> LeaveAsync(string id, string key, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, key, cancellationToken) is not { } contributor) return null;
        var left = contributor with { Status = contributor.Status is ContributorStatus.Approved or ContributorStatus.Removed ? ContributorStatus.Removed : ContributorStatus.Rejected };
        await store.UpdateContributorAsync(left, cancellationToken);
        return left;
    }

    /// <summary>A new claim for this requester: the code to put in the feed, and the secret to post back with it.</summary>
    public async Task<(string Code, string Secret)> ClaimCodeAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var current = await store.GetContributorAsync(contributor.Id, cancellationToken) ?? contributor;
        var (keys, code, secret) = (current.Keys ?? new ContributorKeys(null)).WithNewClaim(time.GetUtcNow());
        await store.UpdateContributorAsync(current with { Keys = keys }, cancellationToken);
        return (code, secret);
    }

    /// <summary>
    /// Reads the feed and, when the requester's live claim code is in it, gives them a new leave key (returned once; the
    /// old link and every other claim stop working). Null, with why, when the code is not (yet) there.
    /// </summary>
    public async Task<(string? LeaveKey, string? Problem)> ClaimAsync(Contributor contributor, string? code, string? secret, CancellationToken cancellationToken)
    {
        var before = await store.GetContributorAsync(contributor.Id, cancellationToken) ?? contributor;
        if (before.Keys is not { } keys || !keys.HasLiveClaim(code, secret, time.GetUtcNow()))
        {
            return (null, "That claim code was not given for this feed, or is more than a week old: ask for a new one.");
        }
        var fetched = await fetcher.FetchAsync(new Uri(before.FeedUrl), null, null, cancellationToken);
        if (fetched.Status != FetchStatus.Fetched) return (null, $"Could not read your feed just now: {fetched.Error}");
        // The code is letters, digits and a dash: found as it is in any encoding a feed may use that keeps ASCII.
        if (!Encoding.Latin1.GetString(fetched.Body!).Contains(code!, StringComparison.Ordinal))
        {
            return (null, $"The code {code} is not in your feed yet. Blogs can take a few minutes to update their feed: try again shortly.");
        }
        var (leaveKey, fresh) = ContributorKeys.NewLeaveKey();
        // Read again after the fetch, so a moderation or refresh made meanwhile is kept: only the keys change.
        var current = await store.GetContributorAsync(contributor.Id, cancellationToken) ?? before;
        await store.UpdateContributorAsync(current with { Keys = fresh }, cancellationToken);
        return (leaveKey, null);
    }
}
