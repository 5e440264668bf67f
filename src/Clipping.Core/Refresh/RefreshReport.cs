namespace Clipping.Refresh;

/// <summary>What one refresh did, for the log, the <c>refresh</c> command and the status page.</summary>
public sealed record RefreshReport(
    DateTimeOffset Started,
    TimeSpan Duration,
    int FeedsPolled,
    int FeedsFetched,
    int FeedsNotModified,
    int FeedsFailed,
    int FeedsSkipped,
    int PostsSeen,
    int PostsMatched,
    int ClippingsNew,
    int ClippingsUpdated,
    int ClippingsMerged,
    IReadOnlyList<FeedOutcome> Feeds,
    string? RunId = null,
    int BatchesQueued = 0)
{
    /// <summary>True when the run's batches were put on a queue: the counts then fill in as instances record them.</summary>
    public bool IsQueued => BatchesQueued > 0;

    public static RefreshReport From(RefreshPlan plan, DateTimeOffset started, TimeSpan duration, IReadOnlyList<FeedOutcome> feeds) => new(
        Started: started,
        Duration: duration,
        FeedsPolled: feeds.Count,
        FeedsFetched: feeds.Count(f => f.Kind == FeedOutcomeKind.Fetched),
        FeedsNotModified: feeds.Count(f => f.Kind == FeedOutcomeKind.NotModified),
        FeedsFailed: feeds.Count(f => f.Kind is FeedOutcomeKind.Failed or FeedOutcomeKind.Gone),
        FeedsSkipped: feeds.Count(f => f.Kind == FeedOutcomeKind.Skipped),
        PostsSeen: feeds.Sum(f => f.PostsSeen),
        PostsMatched: feeds.Sum(f => f.PostsMatched),
        ClippingsNew: feeds.Sum(f => f.New),
        ClippingsUpdated: feeds.Sum(f => f.Updated),
        ClippingsMerged: feeds.Sum(f => f.Merged),
        Feeds: feeds,
        RunId: plan.RunId);

    /// <summary>A run handed to the queue: what was planned, with the feeds waiting out a backoff as its only outcomes.</summary>
    public static RefreshReport Queued(RefreshPlan plan, TimeSpan duration) => new(
        plan.Started, duration, plan.FeedCount + plan.Waiting.Count, 0, 0, 0, plan.Waiting.Count, 0, 0, 0, 0, 0, plan.Waiting,
        RunId: plan.RunId, BatchesQueued: plan.Batches.Count);

    public override string ToString() => IsQueued
        ? $"Queued {Content.Plural.Of(FeedsPolled - FeedsSkipped, "feed")} in {Content.Plural.Of(BatchesQueued, "batch", "batches")} (run {RunId}); {FeedsSkipped} waiting."
        :
        $"Refreshed {Content.Plural.Of(FeedsPolled, "feed")} in {Duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}s: " +
        $"{FeedsFetched} fetched, {FeedsNotModified} not modified, {FeedsFailed} failed, {FeedsSkipped} waiting; " +
        $"{Content.Plural.Of(PostsSeen, "post")} seen, {PostsMatched} matched; {ClippingsNew} new, {ClippingsUpdated} updated, {ClippingsMerged} merged.";
}

public enum FeedOutcomeKind { Fetched, NotModified, Failed, Gone, Skipped }

/// <summary>One feed's part in a refresh.</summary>
public sealed record FeedOutcome(
    string ContributorId,
    string ContributorName,
    FeedOutcomeKind Kind,
    int PostsSeen = 0,
    int PostsMatched = 0,
    int New = 0,
    int Updated = 0,
    int Merged = 0,
    string? Error = null,
    IReadOnlyList<string>? Warnings = null);
