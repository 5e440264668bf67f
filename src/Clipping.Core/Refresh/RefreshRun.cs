namespace Clipping.Refresh;

/// <summary>
/// A refresh run as the store records it, so the status page of any instance shows the last runs wherever they ran:
/// written when the run has planned its feeds (in flight) and again when it ends.
/// </summary>
/// <param name="Id">Unique per run: its start time and a random suffix.</param>
/// <param name="Finished">Null while the run is in flight (or if its process ended before it could say so).</param>
/// <param name="Error">Why the run stopped, when its store failed; feeds' own failures are counted, not errors.</param>
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
    string? Error = null)
{
    /// <summary>How many recorded runs the store keeps.</summary>
    public const int Kept = 100;

    public bool InFlight => Finished is null;

    public static string NewId(DateTimeOffset started) =>
        started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public static RefreshRun Planned(string id, DateTimeOffset started, int feeds) => new(id, started, null, feeds, 0, 0, 0, 0, 0, 0, 0);

    public static RefreshRun From(string id, RefreshReport report, DateTimeOffset finished) => new(
        id, report.Started, finished, report.FeedsPolled, report.Feeds.Count(f => f.Kind != FeedOutcomeKind.Skipped),
        report.FeedsFetched, report.FeedsNotModified, report.FeedsFailed, report.ClippingsNew, report.ClippingsUpdated, report.ClippingsMerged);
}
