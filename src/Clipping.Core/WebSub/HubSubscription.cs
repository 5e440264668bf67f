namespace Clipping.WebSub;

public enum SubscriptionState
{
    /// <summary>Asked for; the hub has not yet verified our intent.</summary>
    Requested,
    /// <summary>Verified: the hub pushes the topic's updates until the lease ends.</summary>
    Active,
    /// <summary>The hub refused it (hub.mode=denied); tried again when the feed is next read.</summary>
    Denied,
    /// <summary>Its contributor left or was removed, or the feed no longer names the hub: an unsubscribe is under way.</summary>
    Leaving,
}

/// <summary>
/// One WebSub subscription of Clipping's to a contributor's feed at the hub the feed names. Its id is the last segment
/// of the callback address and its secret signs every delivery (<c>X-Hub-Signature</c>), so a delivery proves both
/// which subscription it is for and that the hub sent it.
/// </summary>
/// <param name="LastProblem">The latest delivery refused or hub answer that went wrong, with when, for the status page.</param>
/// <param name="Lease">The lease the hub granted at its last verification: renewal comes when a quarter of it is left.</param>
public sealed record HubSubscription(
    string Id,
    string ContributorId,
    string Hub,
    string Topic,
    string Secret,
    SubscriptionState State,
    DateTimeOffset Requested,
    DateTimeOffset? LeaseExpires = null,
    DateTimeOffset? LastDelivery = null,
    string? LastProblem = null,
    TimeSpan? Lease = null)
{
    /// <summary>The subscription with a problem noted for the status page, dated.</summary>
    public HubSubscription WithProblem(string problem, DateTimeOffset at) =>
        this with { LastProblem = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm} UTC: {problem}") };

    /// <summary>Whether the hub is pushing now: verified and within its lease. Only then is polling slowed.</summary>
    public bool IsPushing(DateTimeOffset now) => State == SubscriptionState.Active && LeaseExpires > now;

    public static HubSubscription New(string contributorId, Feeds.PushLinks links, DateTimeOffset now) => new(
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        contributorId,
        links.Hub.AbsoluteUri,
        links.Topic.AbsoluteUri,
        // 64 hex characters: well under the 200 bytes the spec allows, and as strong as the HMAC it keys.
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        SubscriptionState.Requested,
        now);
}
