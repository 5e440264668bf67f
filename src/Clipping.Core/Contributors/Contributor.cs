namespace Clipping.Contributors;

/// <summary>Where a registration stands. Only approved feeds are polled.</summary>
public enum ContributorStatus { Pending, Approved, Rejected, Removed }

/// <summary>Which of a feed's posts belong on the page.</summary>
public enum FeedMode
{
    /// <summary>Only posts tagged with a topic.</summary>
    TaggedPosts,
    /// <summary>Every post: the feed is already about the topic (a tag feed).</summary>
    AllPosts,
}

/// <summary>A registered feed and the person or site behind it.</summary>
/// <param name="Id">Stable id derived from the feed URL as first registered.</param>
/// <param name="Topic">For <see cref="FeedMode.AllPosts"/>: the slug its posts belong to (null: the site's default topic).</param>
/// <param name="Keys">The contributor's own ways to act on their registration (see <see cref="ContributorKeys"/>); never shown.</param>
public sealed record Contributor(
    string Id,
    string Name,
    string? SiteUrl,
    string FeedUrl,
    ContributorStatus Status,
    FeedMode Mode,
    string? Topic,
    DateTimeOffset RegisteredAt,
    FeedState State,
    ContributorKeys? Keys = null)
{
    public bool IsPolled => Status == ContributorStatus.Approved && !State.Gone;
}

/// <summary>What the poller remembers about a feed between runs.</summary>
/// <param name="Gone">The server answered 410: polling stopped until an operator approves it again.</param>
/// <param name="BodyHash">Hash of the last body parsed: a server that sends no validators but the same bytes is not parsed again.</param>
/// <param name="SeenItems">The items of the last body parsed, by fingerprint, and whether each matched (see
/// <c>Refresh.SeenItems</c>): in a changed feed, only the changed items are read again.</param>
/// <param name="Hub">The WebSub hub the feed declared when last read, if any: Clipping subscribes there.</param>
/// <param name="Topic">The topic URL to subscribe to at <paramref name="Hub"/> (the feed's rel="self").</param>
/// <param name="History">The feed's last runs (see <c>Refresh.FeedHistory</c>), for the status page.</param>
/// <param name="Icons">The images the feed named for itself when last read, best first: where a face is looked for first.</param>
/// <param name="Face">The version of the contributor's face kept in the store (see <c>Faces.Face</c>), or null for none.</param>
/// <param name="FaceChecked">When a face was last looked for: at most daily.</param>
public sealed record FeedState(
    string? ETag = null,
    string? LastModified = null,
    DateTimeOffset? LastAttempt = null,
    DateTimeOffset? LastSuccess = null,
    int ConsecutiveFailures = 0,
    string? LastError = null,
    DateTimeOffset? NextAttempt = null,
    IReadOnlyList<string>? Warnings = null,
    string? FeedTitle = null,
    bool Gone = false,
    string? BodyHash = null,
    string? SeenItems = null,
    string? Hub = null,
    string? Topic = null,
    string? History = null,
    IReadOnlyList<string>? Icons = null,
    string? Face = null,
    DateTimeOffset? FaceChecked = null)
{
    public static FeedState New { get; } = new();
}
