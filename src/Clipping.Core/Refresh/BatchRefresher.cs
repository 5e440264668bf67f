using System.Collections.Concurrent;
using System.Diagnostics;
using Clipping.Contributors;
using Clipping.Faces;
using Clipping.Feeds.Fetching;
using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>When a batch stops starting feeds: measured on this process's clock, from when its run or batch began.</summary>
/// <param name="What">"run" or "batch", for the message a feed left for the next run carries.</param>
public readonly record struct TimeLimit(long StartTimestamp, TimeSpan Limit, string What)
{
    public static TimeLimit From(TimeSpan limit, string what) => new(Stopwatch.GetTimestamp(), limit, what);

    public bool Passed => Stopwatch.GetElapsedTime(StartTimestamp) > Limit;
}

/// <summary>What refreshing a batch did: each feed's outcome, or nothing when the batch had already been recorded.</summary>
public sealed record BatchOutcome(RefreshBatch Batch, IReadOnlyList<FeedOutcome> Feeds, bool AlreadyDone)
{
    public bool Changed => Feeds.Any(f => f.New + f.Updated + f.Merged > 0);
}

/// <summary>
/// Refreshes one batch of a run, wherever it runs (in-process, or from the Functions queue): loads its contributors,
/// fetches their feeds with bounded concurrency, stores what they matched, saves their polling state and records the
/// batch with the run. A batch delivered again after it was recorded changes nothing; one delivered again after an
/// instance died part-way is refreshed again, which the store's merging makes safe.
/// </summary>
public sealed class BatchRefresher(
    IClippingStore store, FeedRefresher refresher, RefreshLedger ledger, FetchOptions fetchOptions, RefreshOptions refreshOptions, TimeProvider time,
    FaceFinder faces, ILogger<BatchRefresher> logger)
{
    // One limit for the process, however many batches it runs at once (the queue hands an instance several).
    private readonly SemaphoreSlim _fetchSlots = new(Math.Max(1, fetchOptions.MaxConcurrency));

    // Batches end at about the same time and each writes what it gathered: unchecked, a run's worth of transactions
    // would arrive at the store at once (all in the topic's partition on Table Storage, where they then time out).
    private readonly SemaphoreSlim _writes = new(ConcurrentWrites);

    /// <summary>Sighting writes one process makes at once, across all its batches.</summary>
    public const int ConcurrentWrites = 2;

    public async Task<BatchOutcome> RunAsync(RefreshBatch batch, TimeLimit limit, CancellationToken cancellationToken)
    {
        if (await ledger.IsRecordedAsync(batch, cancellationToken))
        {
            logger.LogInformation("Batch {Index} of run {Run} was already refreshed; this delivery changes nothing.", batch.Index, batch.RunId);
            await ledger.FinishIfCompleteAsync(batch, cancellationToken);
            return new BatchOutcome(batch, [], AlreadyDone: true);
        }

        var outcomes = new ConcurrentBag<FeedOutcome>();
        var states = new ConcurrentDictionary<string, FeedState>(StringComparer.Ordinal);
        var writer = new SightingWriter(store, refreshOptions.WriteBatchSize, _writes);
        var saving = new ConcurrentBag<Task<FeedOutcome>>();
        var order = batch.FeedIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        // Read now, not when planned: a moderator may have removed one, or a refresh-now updated its state.
        var contributors = (await store.GetContributorsAsync(batch.FeedIds, cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(
                batch.FeedIds,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, fetchOptions.MaxConcurrency), CancellationToken = cancellationToken },
                async (id, token) =>
                {
                    var contributor = contributors.GetValueOrDefault(id);
                    if (contributor is not { IsPolled: true })
                    {
                        outcomes.Add(new FeedOutcome(id, contributor?.Name ?? id, FeedOutcomeKind.Skipped, Error: "No longer polled: removed or left since the run was planned."));
                        return;
                    }
                    await _fetchSlots.WaitAsync(token);
                    try
                    {
                        if (limit.Passed)
                        {
                            outcomes.Add(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Skipped,
                                Error: $"The {limit.What} reached its time limit ({limit.Limit.TotalMinutes:0.#} minutes) before this feed; it is next in the next run."));
                            return;
                        }
                        var (outcome, state) = await refresher.RefreshAsync(contributor, writer, token);
                        if (!ReferenceEquals(state, contributor.State)) states[contributor.Id] = state;
                        // A feed's failure is known at once (only saved posts are waited for), and is logged even if the batch fails later.
                        if (outcome.IsCompletedSuccessfully && outcome.Result.Kind is FeedOutcomeKind.Failed or FeedOutcomeKind.Gone)
                        {
                            logger.LogWarning("Feed {Contributor} ({FeedUrl}) failed: {Error}", contributor.Name, contributor.FeedUrl, outcome.Result.Error);
                        }
                        saving.Add(outcome);
                    }
                    finally
                    {
                        _fetchSlots.Release();
                    }
                });
            await writer.FlushAsync(cancellationToken);
            foreach (var saved in saving) outcomes.Add(await saved);
        }
        catch
        {
            // The batch ends here with the store's error; the feeds that were waiting on the failed write hear the same.
            foreach (var saved in saving) _ = saved.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }
        // Each polled feed's history gains this run, in the same write as the rest of its state.
        var now = time.GetUtcNow();
        foreach (var outcome in outcomes)
        {
            if (!contributors.TryGetValue(outcome.ContributorId, out var contributor) || !contributor.IsPolled || FeedHistory.Of(outcome) is not { } result) continue;
            var state = states.GetValueOrDefault(contributor.Id) ?? contributor.State;
            states[contributor.Id] = state with { History = FeedHistory.Append(state.History, now, result) };
        }
        await LookForFacesAsync(contributors.Values, states, now, cancellationToken);
        // One write for the batch's polling state, once every post it vouches for is stored.
        await store.SaveFeedStatesAsync(states, cancellationToken);
        var feeds = outcomes.OrderBy(o => order.GetValueOrDefault(o.ContributorId)).ToList();
        // A delivery running beside this one may have recorded first: then its counts stand and this one's are dropped.
        var recorded = await ledger.RecordAsync(batch, feeds, cancellationToken);
        return new BatchOutcome(batch, recorded ? feeds : [], AlreadyDone: !recorded);
    }

    /// <summary>How often a contributor's face is looked for again, and how many a batch looks for at most.</summary>
    public static readonly TimeSpan FaceInterval = TimeSpan.FromDays(1);
    private const int FacesPerBatch = 4;

    /// <summary>The most a batch waits for faces: a slow blog must not hold up the batch's own record.</summary>
    private static readonly TimeSpan FaceDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Looks for the faces of the batch's polled feeds that are due (never looked for, or not for a day), a few per batch,
    /// so a first run over many new feeds is not held up by them; the rest follow in the next runs. One not found by the
    /// deadline is not marked as looked for, and is looked for again next run.
    /// </summary>
    private async Task LookForFacesAsync(IEnumerable<Contributor> contributors, ConcurrentDictionary<string, FeedState> states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = contributors
            .Where(c => c.IsPolled && states.ContainsKey(c.Id) && !(states[c.Id].FaceChecked > now - FaceInterval))
            .Take(FacesPerBatch)
            .ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(FaceDeadline);
        await Parallel.ForEachAsync(due, cancellationToken, async (contributor, _) =>
        {
            var state = states[contributor.Id];
            FaceSearch search;
            try
            {
                search = await faces.FindAsync(contributor with { State = state }, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Looking for {Contributor}'s face took too long; it is looked for again next run.", contributor.Name);
                return;
            }
            if (search.Face is { } face && face.Version != state.Face) await store.SaveFaceAsync(contributor.Id, face, cancellationToken);
            // A blog that is down today keeps the face it had: only a new image replaces one.
            if (search.Face is null && search.Refused.Count > 0)
            {
                logger.LogInformation("No face found for {Contributor}: {Refused}", contributor.Name, string.Join("; ", search.Refused));
            }
            states[contributor.Id] = state with { Face = search.Face?.Version ?? state.Face, FaceChecked = now };
        });
    }

    /// <summary>
    /// Records a batch that could not be refreshed however often it was tried (the queue's poison queue): each of its
    /// feeds as failing, with the reason, and backed off like any failing feed; and the batch with its run, so the run
    /// still finishes and counts them. Nothing is dropped without a trace.
    /// </summary>
    public async Task RecordGivenUpAsync(RefreshBatch batch, string reason, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ledger.IsRecordedAsync(batch, cancellationToken))
        {
            await ledger.FinishIfCompleteAsync(batch, cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        var states = new Dictionary<string, FeedState>(StringComparer.Ordinal);
        var outcomes = new List<FeedOutcome>();
        foreach (var contributor in await store.GetContributorsAsync(batch.FeedIds, cancellationToken))
        {
            var id = contributor.Id;
            var failures = contributor.State.ConsecutiveFailures + 1;
            states[id] = contributor.State with
            {
                LastAttempt = now,
                ConsecutiveFailures = failures,
                LastError = reason,
                NextAttempt = FeedBackoff.NextAttempt(now, failures, null),
                History = FeedHistory.Append(contributor.State.History, now, FeedRunResult.Failed),
            };
            outcomes.Add(new FeedOutcome(id, contributor.Name, FeedOutcomeKind.Failed, Error: reason));
            logger.LogError("Feed {Contributor} ({FeedUrl}) failed: {Error}", contributor.Name, contributor.FeedUrl, reason);
        }
        // Recorded first, and the feeds marked only by the call that recorded it: a retry never counts a failure twice.
        if (await ledger.RecordAsync(batch, outcomes, cancellationToken, error: reason)) await store.SaveFeedStatesAsync(states, cancellationToken);
    }
}
