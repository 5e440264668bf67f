using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clipping.Storage;

namespace Clipping.Refresh;

/// <summary>
/// Some of a run's feeds, refreshed together by one instance: all of a host's due feeds are in one batch, so one
/// instance's per-host limit is the only one that host meets, however many instances take batches.
/// </summary>
/// <param name="Of">How many batches the run has: the one whose result makes it up to this finishes the run.</param>
public sealed record RefreshBatch(string RunId, DateTimeOffset Started, int Index, int Of, IReadOnlyList<string> FeedIds)
{
    /// <summary>The batch as a queue message: the run, its place in it and the contributors' ids (never their state, which may change before it runs).</summary>
    public string ToMessage() => JsonSerializer.Serialize(this, RefreshBatchJson.Default.RefreshBatch);

    /// <exception cref="FormatException">The message is not a batch this version understands.</exception>
    public static RefreshBatch Parse(string message)
    {
        RefreshBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(message, RefreshBatchJson.Default.RefreshBatch);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a refresh batch: {e.Message}", e);
        }
        if (batch is not { RunId.Length: > 0 and <= 64, FeedIds: not null } || !batch.RunId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            || batch.Index < 0 || batch.Of <= batch.Index
            || batch.FeedIds.Any(id => string.IsNullOrEmpty(id) || id.Length > 200) || batch.FeedIds.Distinct(StringComparer.Ordinal).Count() != batch.FeedIds.Count)
        {
            throw new FormatException("Not a refresh batch: it needs a run id (letters, digits and dashes), an index below its count and the feeds' distinct ids.");
        }
        return batch;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RefreshBatch))]
internal sealed partial class RefreshBatchJson : JsonSerializerContext;

/// <summary>
/// A run as planned: its due feeds in batches, the feeds left out because they are waiting out a backoff, and how many
/// were left to an earlier run that is still refreshing them.
/// </summary>
public sealed record RefreshPlan(string RunId, DateTimeOffset Started, IReadOnlyList<RefreshBatch> Batches, IReadOnlyList<FeedOutcome> Waiting, int InFlightElsewhere = 0)
{
    public int FeedCount => Batches.Sum(b => b.FeedIds.Count);
}

/// <summary>
/// Decides what a run refreshes (every approved feed not waiting out a backoff or a server's Retry-After, and not in a
/// batch of an earlier run still in flight) and splits it into batches by host, for the self-host to run in-process or
/// the Functions app to put on its queue.
/// </summary>
public sealed class RefreshPlanner(IClippingStore store, RefreshOptions options, WebSubOptions webSub, TimeProvider time)
{
    // Runs in flight are among the newest: an overlap needs one run to start while another is still going.
    private const int RunsChecked = 10;

    // Runs this process ran to their end, or saw fail, whatever the store says: a run cut off from the store cannot
    // record that it stopped, and must not hold its feeds back from the next run here.
    private readonly ConcurrentQueue<string> _endedHere = new();

    /// <summary>Says that a run planned here is over, however its record reads.</summary>
    public void Ended(string runId)
    {
        _endedHere.Enqueue(runId);
        while (_endedHere.Count > RunsChecked) _endedHere.TryDequeue(out _);
    }

    /// <param name="again">The run being planned again (it lost its claim to a run planned at the same time): its id and start stay.</param>
    public async Task<RefreshPlan> PlanAsync(CancellationToken cancellationToken, (string RunId, DateTimeOffset Started)? again = null)
    {
        var started = again?.Started ?? time.GetUtcNow();
        var runId = again?.RunId ?? RefreshRun.NewId(started);
        var busy = await FeedsInFlightAsync(runId, time.GetUtcNow(), cancellationToken);
        var inFlight = 0;
        var waiting = new List<FeedOutcome>();
        var hosts = new Dictionary<string, List<(string Id, DateTimeOffset? LastAttempt)>>(StringComparer.OrdinalIgnoreCase);
        // A feed its hub pushes is polled only now and then, in case pushes stop coming.
        var pushed = (await store.GetSubscriptionsAsync(cancellationToken)).Where(s => s.IsPushing(started)).Select(s => s.ContributorId).ToHashSet(StringComparer.Ordinal);
        // Only what placing a feed needs is kept past this loop: a plan for 10,000 feeds holds their ids, not their state.
        foreach (var contributor in await store.GetContributorsAsync(cancellationToken))
        {
            if (!contributor.IsPolled) continue;
            // Fetching it here too would fetch it twice, and meet its host with two instances' limits at once.
            if (busy.Contains(contributor.Id))
            {
                inFlight++;
                continue;
            }
            if (contributor.State.NextAttempt > started)
            {
                waiting.Add(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Skipped, Error: contributor.State.LastError));
                continue;
            }
            if (pushed.Contains(contributor.Id) && started - contributor.State.LastAttempt < webSub.PushedPollInterval) continue;
            var host = HostOf(contributor.FeedUrl);
            if (!hosts.TryGetValue(host, out var feeds)) hosts[host] = feeds = [];
            feeds.Add((contributor.Id, contributor.State.LastAttempt));
        }
        return new RefreshPlan(runId, started, Batches(runId, started, hosts.Values, Math.Max(1, options.FeedsPerBatch)), waiting, inFlight);
    }

    /// <summary>
    /// The feeds in batches that earlier runs planned and have not yet recorded, for runs that may still be going: a
    /// moderator's "Refresh now", a start-up catch-up or the next timer can begin while a run's batches are on the queue.
    /// </summary>
    private async Task<HashSet<string>> FeedsInFlightAsync(string ownRun, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var busy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in await store.GetRecentRunsAsync(RunsChecked, cancellationToken))
        {
            if (run.Id == ownRun || !run.MayStillBeRunning(now, options.MaxDuration) || _endedHere.Contains(run.Id)) continue;
            var plan = await store.GetRunPlanAsync(run.Id, cancellationToken);
            if (plan.Count == 0) continue;
            var recorded = (await store.GetRunBatchesAsync(run.Id, cancellationToken)).Select(b => b.Index).ToHashSet();
            for (var index = 0; index < plan.Count; index++)
            {
                if (!recorded.Contains(index)) busy.UnionWith(plan[index]);
            }
        }
        return busy;
    }

    /// <summary>
    /// Packs hosts into batches of up to <paramref name="size"/> feeds, largest hosts first, never splitting a host: a
    /// host with more feeds than that has a batch of its own, which its time limit may end before every feed (they are
    /// then first in the next run, as each batch starts with the feeds tried longest ago).
    /// </summary>
    private static List<RefreshBatch> Batches(string runId, DateTimeOffset started, IEnumerable<List<(string Id, DateTimeOffset? LastAttempt)>> hosts, int size)
    {
        var packed = new List<List<(string Id, DateTimeOffset? LastAttempt)>>();
        List<(string Id, DateTimeOffset? LastAttempt)>? open = null;
        foreach (var host in hosts.OrderByDescending(h => h.Count))
        {
            // A queue message holds 64 KB: a host with more feeds than one can name is split, the one case where two
            // instances may poll a host at once (each still within its own per-host limit).
            if (host.Count > MaxFeedsPerBatch)
            {
                packed.AddRange(host.OrderBy(f => f.LastAttempt ?? DateTimeOffset.MinValue).Chunk(MaxFeedsPerBatch).Select(c => c.ToList()));
                continue;
            }
            if (host.Count >= size) { packed.Add(host); continue; }
            if (open is null || open.Count + host.Count > size) packed.Add(open = new List<(string, DateTimeOffset?)>(size));
            open.AddRange(host);
        }
        return packed
            .Select((feeds, index) => new RefreshBatch(runId, started, index, packed.Count,
                feeds.OrderBy(f => f.LastAttempt ?? DateTimeOffset.MinValue).ThenBy(f => f.Id, StringComparer.Ordinal).Select(f => f.Id).ToList()))
            .ToList();
    }

    /// <summary>The most feeds one batch names: their ids (about 20 bytes each in JSON, a third more in base64) stay well inside a queue message.</summary>
    public const int MaxFeedsPerBatch = 1000;

    /// <summary>The host a feed's requests go to, as the fetcher's per-host limit counts it.</summary>
    private static string HostOf(string feedUrl) => Uri.TryCreate(feedUrl, UriKind.Absolute, out var uri) ? uri.IdnHost : feedUrl;
}
