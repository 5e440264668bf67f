namespace Clipping.Email;

public enum DigestFrequency { Daily, Weekly }

public enum SubscriberState
{
    /// <summary>Asked for, not yet confirmed from the mailbox: gets nothing but the confirmation mail.</summary>
    Pending,

    /// <summary>Gets digests.</summary>
    Confirmed,

    /// <summary>The address was refused permanently <see cref="Subscriber.RefusalsToSuspend"/> sends in a row: gets nothing until it subscribes again.</summary>
    Suspended,
}

/// <summary>
/// One address following one view by email. The address is kept for sending alone. No token is kept: the confirmation
/// secret only as its hash, and unsubscribe links are made from <see cref="Stamp"/> (see <see cref="SubscriptionTokens"/>).
/// </summary>
/// <param name="Id">Made from the address and the view (<see cref="SubscriberIds.For"/>), so asking again finds the same record.</param>
/// <param name="View">The path of the view's page: "/", "/contributors/{id}", "/topics/{slug}/tags/{tag}".</param>
/// <param name="Stamp">Random, new with each subscription: unsubscribe links name it, so those of an earlier subscription stop working.</param>
/// <param name="ConfirmHash">SHA-256 of the secret in the latest confirmation link, until it is used.</param>
/// <param name="RequestedFrequency">What that confirmation would set (an existing subscriber may be changing frequency).</param>
/// <param name="ConfirmationSent">When the latest confirmation mail went: links expire a week after, and an address gets at most one an hour.</param>
/// <param name="SentThrough">The moment the last digest sent covered clippings up to; the next lists those stored after it.</param>
/// <param name="Period">The last period a digest was claimed for ("2026-12-07", "2026-W50"): one send per period, across instances.</param>
/// <param name="Refusals">Permanent refusals in a row.</param>
public sealed record Subscriber(
    string Id,
    string Address,
    string View,
    DigestFrequency Frequency,
    SubscriberState State,
    string Stamp,
    DateTimeOffset Created,
    string? ConfirmHash = null,
    DigestFrequency? RequestedFrequency = null,
    DateTimeOffset? ConfirmationSent = null,
    DateTimeOffset? Confirmed = null,
    DateTimeOffset? SentThrough = null,
    string? Period = null,
    int Refusals = 0,
    string? LastError = null)
{
    public const int RefusalsToSuspend = 3;

    /// <summary>The store's version of the record as read, for a conditional save; null for a record not stored yet.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Version { get; init; }

    /// <summary>The first half of <see cref="Id"/>: every subscription of one address shares it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string AddressKey => Id[..SubscriberIds.AddressKeyLength];
}
