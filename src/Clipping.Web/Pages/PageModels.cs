using Clipping.Contributors;
using Clipping.Conversations;
using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Topics;
using Clipping.Views;
using Clipping.Web.Views;

namespace Clipping.Web.Pages;

/// <summary>What every page's frame needs: the site, its topics, which one is current, and which view (for its feeds).</summary>
public sealed record SiteFrame(SiteInfo Site, SiteTopics Topics, Topic Current, SiteTime Time, ClippingView? View = null)
{
    /// <summary>The view whose feeds the page offers: its own, else its topic's.</summary>
    public ClippingView Feeds => View ?? ClippingView.ForTopic(Current, Topics, Site);

    /// <summary>The version of each contributor's kept face, by contributor id; those without one show their initials.</summary>
    public IReadOnlyDictionary<string, string> Faces { get; init; } = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> FacesOf(IEnumerable<Contributor> contributors) =>
        contributors.Where(c => c.State.Face is not null).ToDictionary(c => c.Id, c => c.State.Face!, StringComparer.Ordinal);
}

/// <summary>One page of a view of the joint clipping page.</summary>
/// <param name="PageNumber">1 for the newest clippings, counting up as readers page back.</param>
/// <param name="OlderUrl">The next page (older clippings), or null on the last page.</param>
/// <param name="Total">How many clippings the topic has (on the topic's own page only).</param>
/// <param name="Months">The months with clippings, newest first (on the archive's pages).</param>
/// <param name="Conversations">Each clipping's place in the conversation between the blogs, by clipping key.</param>
/// <param name="SearchText">What the reader searched for (on search pages).</param>
public sealed record ClippingsModel(
    SiteFrame Frame,
    IReadOnlyList<Clippings.Clipping> Items,
    int PageNumber,
    string? OlderUrl,
    int? Total,
    IReadOnlyList<Contributor> Contributors,
    IReadOnlyList<ArchiveMonth> Months,
    IReadOnlyDictionary<string, Conversation> Conversations,
    string? SearchText = null)
{
    public ClippingView View => Frame.Feeds;

    /// <summary>Clippings per month to draw (a contributor's last two years), or none.</summary>
    public IReadOnlyList<MonthCount> Chart { get; init; } = [];
}

/// <summary>What is being discussed over a window of days.</summary>
/// <param name="Found">How many discussions the window holds; the page lists the first of them.</param>
public sealed record DiscussedModel(SiteFrame Frame, int Days, int Found, IReadOnlyList<Discussion> Discussions);

/// <summary>The weeks with clippings, newest first.</summary>
public sealed record WeeklyModel(SiteFrame Frame, IReadOnlyList<WeekCount> Weeks);

/// <summary>One week: its clippings, its most discussed, the contributors who joined in it.</summary>
/// <param name="Discussed">How many discussions the week held; <paramref name="Discussions"/> lists the first.</param>
public sealed record WeekModel(SiteFrame Frame, ArchiveWeek Week, IReadOnlyList<global::Clipping.Clippings.Clipping> Clippings,
    IReadOnlyList<Discussion> Discussions, int Discussed, IReadOnlyList<Contributor> Joined, bool NextHasBegun);

/// <summary>The archive's index: every month with clippings.</summary>
/// <param name="Counts">Clippings per month from the first to this one, for the chart.</param>
public sealed record ArchiveModel(SiteFrame Frame, IReadOnlyList<ArchiveMonth> Months, IReadOnlyList<MonthCount> Counts);

/// <summary>The operator's moderation page.</summary>
/// <param name="FormToken">The antiforgery token every form on the page carries.</param>
/// <param name="PendingFeedUrl">The private feed of registrations waiting for a decision.</param>
/// <param name="Message">What the last action did, or null.</param>
/// <param name="LastBackup">The last backup noted in the store, or null when none has been taken.</param>
public sealed record ManageModel(SiteFrame Frame, IReadOnlyList<Contributor> Contributors, string FormToken, string PendingFeedUrl, string? Message,
    Storage.Backups.BackupRecord? LastBackup = null)
{
    /// <summary>Every email subscriber, when email is on: counted, and the suspended ones listed.</summary>
    public IReadOnlyList<global::Clipping.Email.Subscriber>? Subscribers { get; init; }
}

/// <summary>The operator's sign-in form.</summary>
public sealed record SignInModel(SiteFrame Frame, string FormToken, string? Error);

/// <summary>A page that is not there, saying why.</summary>
public sealed record NotFoundModel(SiteFrame Frame, string Message);

/// <summary>
/// The registration form at one of its steps: the address (blank, or refused with <see cref="Error"/>), the feed found
/// with its posts previewed and the name asked for (<see cref="Preview"/>), registered (<see cref="Result"/>), or a
/// feed registered already, which its owner can claim (<see cref="Claim"/>).
/// </summary>
public sealed record RegisterModel(SiteFrame Frame, string? Name = null, string? Url = null, bool AllPosts = false, string? Error = null, RegistrationResult? Result = null)
{
    public RegistrationField ErrorField { get; init; }
    public RegistrationResult? Preview { get; init; }
    public FeedClaim? Claim { get; init; }

    /// <summary>The private leave link, absolute: shown once, with the result or after a successful claim.</summary>
    public string? LeaveUrl { get; init; }
}

/// <summary>A feed registered already: its address, and the claim code and its secret once someone has asked for one.</summary>
public sealed record FeedClaim(string FeedUrl, string? Code = null, string? Secret = null);

/// <summary>A contributor's leave page: asking to confirm, or done.</summary>
public sealed record LeaveModel(SiteFrame Frame, Contributor Contributor, string Action, bool Done);

/// <summary>Feed health: every contributor's polling state.</summary>
/// <param name="Runs">The last refresh runs recorded in the store, newest first, wherever they ran.</param>
/// <param name="RunLimit">How long a run may take; one in flight for longer than that did not finish.</param>
/// <param name="Subscriptions">Clipping's WebSub subscriptions to contributors' feeds, in any state.</param>
public sealed record StatusModel(
    SiteFrame Frame, IReadOnlyList<Contributor> Contributors, IReadOnlyList<RefreshRun> Runs, TimeSpan RunLimit, DateTimeOffset Now,
    IReadOnlyList<WebSub.HubSubscription> Subscriptions, TimeSpan PushedPollInterval);

/// <summary>Where a reader is in subscribing to, or leaving, an email digest.</summary>
public enum SubscribeStep { CheckInbox, Problem, Confirm, Confirmed, Unsubscribe, Unsubscribed }

/// <summary>An email digest page: the answer to the form, confirming, unsubscribing, or why none of those happened.</summary>
/// <param name="Frequency">"a daily" or "a weekly".</param>
/// <param name="Action">Where the page's button posts.</param>
public sealed record SubscribeModel(SiteFrame Frame, SubscribeStep Step, string? Address = null, string? ViewName = null, string? ViewUrl = null,
    string? Frequency = null, string? Action = null, string? Message = null, string? Heading = null);
