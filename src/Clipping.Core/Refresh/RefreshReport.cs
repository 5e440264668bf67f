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
    IReadOnlyList<FeedOutcome> Feeds)
{
    public override string ToString() =>
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
