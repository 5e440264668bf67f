using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// Keeps each run's record in the store: planned when its batches are made, then each batch's result once, and the
/// run finished by whichever instance records its last batch. Reports are assembled from what is stored, so a run
/// spread over several instances reads the same on every status page.
/// </summary>
public sealed class RefreshLedger(IClippingStore store, TimeProvider time, ILogger<RefreshLedger> logger)
{
    public async Task StartAsync(RefreshPlan plan, CancellationToken cancellationToken)
    {
        var run = RefreshRun.Planned(plan.RunId, plan.Started, plan.FeedCount, plan.Batches.Count);
        // A run with nothing due is over as soon as it is planned.
        if (plan.Batches.Count == 0) run = run with { Finished = time.GetUtcNow() };
        await store.SaveRunAsync(run, cancellationToken);
        // Which feeds each batch holds, so a run planned before this one ends leaves them to it.
        if (plan.Batches.Count > 0) await store.SaveRunPlanAsync(plan.RunId, plan.Batches.Select(b => b.FeedIds).ToList(), cancellationToken);
    }

    /// <summary>Records that a run stopped before its batches were all handed out (its store failed). Best effort.</summary>
    public async Task StopAsync(string runId, DateTimeOffset started, string error, CancellationToken cancellationToken)
    {
        try
        {
            var run = await store.GetRunAsync(runId, started, cancellationToken) ?? RefreshRun.Planned(runId, started, 0);
            var batches = await store.GetRunBatchesAsync(runId, cancellationToken);
            await store.SaveRunAsync(run.WithBatches(batches) with { Finished = time.GetUtcNow(), Error = error }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not record that refresh run {Run} stopped: {Message}", runId, e.GetBaseException().Message);
        }
    }

    public async Task<bool> IsRecordedAsync(RefreshBatch batch, CancellationToken cancellationToken) =>
        (await store.GetRunBatchesAsync(batch.RunId, cancellationToken)).Any(b => b.Index == batch.Index);

    /// <summary>
    /// Records a batch's result, once: a second delivery's result is dropped, so nothing is counted twice. The batch
    /// that makes the count up finishes the run.
    /// </summary>
    /// <returns>Whether this call recorded the batch (false: another delivery had).</returns>
    public async Task<bool> RecordAsync(RefreshBatch batch, IReadOnlyCollection<FeedOutcome> outcomes, CancellationToken cancellationToken, string? error = null)
    {
        var result = RefreshBatchResult.From(batch.Index, outcomes, time.GetUtcNow()) with { Error = error };
        // Feeds no longer in the store are still the batch's: the run's "done" counts up to what it planned.
        if (result.Feeds < batch.FeedIds.Count) result = result with { Feeds = batch.FeedIds.Count };
        var recorded = await store.SaveRunBatchAsync(batch.RunId, result, cancellationToken);
        await FinishIfCompleteAsync(batch, cancellationToken);
        return recorded;
    }

    /// <summary>
    /// Finishes the run if all its batches are recorded and it is not yet finished. Called after every batch, and
    /// again by a delivery of a batch already recorded, so a run whose finisher died after recording still finishes.
    /// </summary>
    public async Task FinishIfCompleteAsync(RefreshBatch batch, CancellationToken cancellationToken)
    {
        var batches = await store.GetRunBatchesAsync(batch.RunId, cancellationToken);
        if (batches.Count < batch.Of) return;
        var run = await store.GetRunAsync(batch.RunId, batch.Started, cancellationToken) ?? RefreshRun.Planned(batch.RunId, batch.Started, 0, batch.Of);
        if (!run.InFlight) return;
        run = run.WithBatches(batches);
        await store.SaveRunAsync(run, cancellationToken);
        logger.LogInformation(
            "Refresh run {Run} finished: {FeedsDone} feeds, {FeedsFetched} fetched, {FeedsNotModified} not modified, {FeedsFailed} failed, {FeedsWaiting} waiting; " +
            "{ClippingsNew} new, {ClippingsUpdated} updated, {ClippingsMerged} merged; {Batches} batches in {Seconds:0.0} s",
            run.Id, run.FeedsDone, run.FeedsFetched, run.FeedsNotModified, run.FeedsFailed, batches.Sum(b => b.Waiting),
            run.ClippingsNew, run.ClippingsUpdated, run.ClippingsMerged, run.Batches, (run.Finished!.Value - run.Started).TotalSeconds);
    }

    /// <summary>The last runs, newest first; a run still in flight shows the batches recorded so far.</summary>
    public async Task<IReadOnlyList<RefreshRun>> GetRecentAsync(int count, CancellationToken cancellationToken)
    {
        var runs = (await store.GetRecentRunsAsync(count, cancellationToken)).ToList();
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i] is { InFlight: true, Batches: > 0 } run) runs[i] = run.WithBatches(await store.GetRunBatchesAsync(run.Id, cancellationToken));
        }
        return runs;
    }
}
