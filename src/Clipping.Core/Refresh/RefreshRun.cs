namespace Clipping.Refresh;

/// <summary>
/// A refresh run as the store records it, so the status page of any instance shows the last runs wherever they ran:
/// written when the run has planned its batches (in flight), and again when its last batch is recorded.
/// </summary>
/// <param name="Id">Unique per run: its start time and a random suffix.</param>
/// <param name="FeedsPlanned">Feeds due in this run (those waiting out a backoff are not).</param>
/// <param name="FeedsDone">Feeds whose batch has been recorded, counting those its time limit left for the next run.</param>
/// <param name="Finished">Null while the run is in flight (or if it was abandoned before it could say so).</param>
/// <param name="Error">Why the run stopped, when its store failed; feeds' own failures are counted, not errors.</param>
/// <param name="Batches">How many batches the run was planned in.</param>
public sealed record RefreshRun(
    string Id,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    int FeedsPlanned,
    int FeedsDone,
    int FeedsFetched,
    int FeedsNotModified,
    int FeedsFailed,
    int ClippingsNew,
    int ClippingsUpdated,
    int ClippingsMerged,
    string? Error = null,
    int Batches = 0)
{
    /// <summary>How many recorded runs the store keeps.</summary>
    public const int Kept = 100;

    public bool InFlight => Finished is null;

    /// <summary>
    /// How long past its time limit a run in flight may yet finish: a batch whose instance died comes back after the
    /// queue's visibility timeout (10 minutes in host.json). Later than that, the run's process ended first.
    /// </summary>
    public static readonly TimeSpan RedeliveryAllowance = TimeSpan.FromMinutes(15);

    /// <summary>Whether the run may still be refreshing feeds: in flight and not long past <paramref name="runLimit"/>.</summary>
    public bool MayStillBeRunning(DateTimeOffset now, TimeSpan runLimit) => InFlight && now - Started <= runLimit + RedeliveryAllowance;

    public static string NewId(DateTimeOffset started) =>
        started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public static RefreshRun Planned(string id, DateTimeOffset started, int feeds, int batches = 0) => new(id, started, null, feeds, 0, 0, 0, 0, 0, 0, 0, Batches: batches);

    /// <summary>
    /// The run with its recorded batches added up; finished when all of them are in. The finish time is the last
    /// batch's, so any number of instances completing the run at once write the same record.
    /// </summary>
    public RefreshRun WithBatches(IReadOnlyCollection<RefreshBatchResult> batches) => this with
    {
        FeedsDone = batches.Sum(b => b.Feeds),
        FeedsFetched = batches.Sum(b => b.Fetched),
        FeedsNotModified = batches.Sum(b => b.NotModified),
        FeedsFailed = batches.Sum(b => b.Failed),
        ClippingsNew = batches.Sum(b => b.New),
        ClippingsUpdated = batches.Sum(b => b.Updated),
        ClippingsMerged = batches.Sum(b => b.Merged),
        Finished = batches.Count >= Batches && batches.Count > 0 ? batches.Max(b => b.Finished) : Finished,
    };
}

/// <summary>
/// What one batch of a run did, recorded once per batch whatever the number of deliveries, so the run's totals never
/// count a feed twice.
/// </summary>
/// <param name="Feeds">Every feed in the batch, including those its time limit left for the next run.</param>
/// <param name="Error">Set when the batch was given up on (the poison queue); its feeds are then counted as failed.</param>
public sealed record RefreshBatchResult(
    int Index,
    int Feeds,
    int Fetched,
    int NotModified,
    int Failed,
    int Waiting,
    int New,
    int Updated,
    int Merged,
    DateTimeOffset Finished,
    string? Error = null)
{
    public static RefreshBatchResult From(int index, IReadOnlyCollection<FeedOutcome> outcomes, DateTimeOffset finished) => new(
        index,
        outcomes.Count,
        outcomes.Count(o => o.Kind == FeedOutcomeKind.Fetched),
        outcomes.Count(o => o.Kind == FeedOutcomeKind.NotModified),
        outcomes.Count(o => o.Kind is FeedOutcomeKind.Failed or FeedOutcomeKind.Gone),
        outcomes.Count(o => o.Kind == FeedOutcomeKind.Skipped),
        outcomes.Sum(o => o.New),
        outcomes.Sum(o => o.Updated),
        outcomes.Sum(o => o.Merged),
        finished);
}
