using System.Diagnostics;
using Clipping.Contributors;
using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// One refresh run: planned (the due feeds, in batches by host), recorded in the store, and handed to the transport,
/// which runs the batches here or puts them on a queue. A failing feed is recorded and the run goes on; a failing store
/// ends the run with a <see cref="RefreshFailedException"/>.
/// </summary>
public sealed class RefreshRunner(
    IClippingStore store, RefreshPlanner planner, RefreshLedger ledger, IRefreshTransport transport, FeedRefresher refresher, RefreshOptions refreshOptions,
    TimeProvider time, ILogger<RefreshRunner> logger)
{
    public async Task<RefreshReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        RefreshPlan? plan = null;
        IReadOnlyList<FeedOutcome>? done;
        try
        {
            plan = await ClaimAsync(cancellationToken);
            if (plan.InFlightElsewhere > 0)
            {
                logger.LogInformation("Refresh {Run} leaves {Feeds} feeds to an earlier run that is still refreshing them.", plan.RunId, plan.InFlightElsewhere);
            }
            done = await transport.RefreshAsync(plan, cancellationToken);
            // Run here to its end: nothing of it is left in flight, whether or not its last record was written.
            if (done is not null) planner.Ended(plan.RunId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && plan is not null)
        {
            // Recorded as over, so the next run (after a restart, say) does not leave this one's feeds to it.
            planner.Ended(plan.RunId);
            await ledger.StopAsync(plan.RunId, plan.Started, "stopped before it finished: its process was asked to stop.", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Feeds' own failures never get here: this is the store (or the queue). Each clipping is written
            // atomically, so what readers see is whole, and the next run picks up where this one stopped.
            logger.LogError(e, "Refresh stopped: the store could not be read or written");
            var message = $"The refresh stopped because the store could not be read or written ({e.GetBaseException().Message}). " +
                "Nothing half-written is shown; the next refresh completes it.";
            if (plan is not null)
            {
                planner.Ended(plan.RunId);
                await ledger.StopAsync(plan.RunId, plan.Started, message, CancellationToken.None);
            }
            throw new RefreshFailedException(message, e);
        }

        if (done is null)
        {
            logger.LogInformation("Refresh {Run} planned: {Feeds} feeds in {Batches} batches queued, {Waiting} waiting out a backoff.",
                plan.RunId, plan.FeedCount, plan.Batches.Count, plan.Waiting.Count);
            return RefreshReport.Queued(plan, clock.Elapsed);
        }
        var report = RefreshReport.From(plan, started, clock.Elapsed, done.Concat(plan.Waiting).OrderBy(o => o.ContributorName, Content.NaturalOrder.Instance).ToList());
        logger.LogInformation(
            "Refresh finished: {FeedsPolled} feeds, {FeedsFetched} fetched, {FeedsNotModified} not modified, {FeedsFailed} failed, {FeedsSkipped} waiting; " +
            "{PostsSeen} posts seen, {PostsMatched} matched; {ClippingsNew} new, {ClippingsUpdated} updated, {ClippingsMerged} merged in {DurationMs} ms",
            report.FeedsPolled, report.FeedsFetched, report.FeedsNotModified, report.FeedsFailed, report.FeedsSkipped,
            report.PostsSeen, report.PostsMatched, report.ClippingsNew, report.ClippingsUpdated, report.ClippingsMerged, (long)report.Duration.TotalMilliseconds);
        return report;
    }

    private const int ClaimAttempts = 5;

    /// <summary>
    /// Plans the run and records the plan, then records the run's start only if no other run started since this one
    /// read the last start. Of runs planned at the same moment (two instances, a timer and a moderator) one claims; the
    /// others plan again, now seeing its batches in flight, so no feed is in two runs' batches. Every host and the CLI
    /// start runs this way, so each knows when the last one began, whichever started it.
    /// </summary>
    private async Task<RefreshPlan> ClaimAsync(CancellationToken cancellationToken)
    {
        (string, DateTimeOffset)? again = null;
        for (var attempt = 1; ; attempt++)
        {
            var previous = await store.GetLastRefreshStartAsync(cancellationToken);
            var plan = await planner.PlanAsync(cancellationToken, again);
            await ledger.StartAsync(plan, cancellationToken);
            if (await store.TryRecordRefreshStartAsync(previous, plan.Started, cancellationToken)) return plan;
            if (attempt == ClaimAttempts)
            {
                // Runs starting this often are someone's loop; better a feed fetched twice than no run at all.
                logger.LogWarning("Refresh {Run} went ahead after {Attempts} runs started while it planned.", plan.RunId, attempt);
                return plan;
            }
            again = (plan.RunId, plan.Started);
        }
    }

    /// <summary>
    /// Refreshes one feed now, whatever its backoff or a past "gone": the operator's "refresh this feed now". Safe
    /// beside a full run: sightings merge, and the feed's state is whichever was saved last.
    /// </summary>
    /// <param name="ignoreBackoff">False when the feed's own schedule should hold (a hub's notification): a feed backing
    /// off, or asking to be left alone with Retry-After, is then not fetched.</param>
    public async Task<FeedOutcome> RunOneAsync(Contributor contributor, CancellationToken cancellationToken, bool ignoreBackoff = true)
    {
        var now = ignoreBackoff ? contributor with { State = contributor.State with { NextAttempt = null, Gone = false } } : contributor;
        var writer = new SightingWriter(store, refreshOptions.WriteBatchSize);
        var (outcome, state) = await refresher.RefreshAsync(now, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        var result = await outcome;
        await store.SaveFeedStatesAsync([new(contributor.Id, state)], cancellationToken);
        return result;
    }
}

/// <summary>A refresh that could not finish because the store failed; its message is meant for the operator.</summary>
public sealed class RefreshFailedException(string message, Exception inner) : Exception(message, inner);
