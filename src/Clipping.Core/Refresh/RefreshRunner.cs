using System.Collections.Concurrent;
using System.Diagnostics;
using Clipping.Contributors;
using Clipping.Feeds.Fetching;
using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// One refresh run: every approved feed, fetched with bounded concurrency, each processed as soon as it arrives so that
/// memory holds only the feeds in flight. A failing feed is recorded and the run goes on; a failing store ends the run
/// with a <see cref="RefreshFailedException"/>.
/// </summary>
public sealed class RefreshRunner(
    IClippingStore store, FeedRefresher refresher, FetchOptions fetchOptions, RefreshOptions refreshOptions, TimeProvider time, ILogger<RefreshRunner> logger)
{
    /// <param name="planned">Told how many feeds the run will poll, once it knows, before it fetches any.</param>
    public async Task<RefreshReport> RunAsync(CancellationToken cancellationToken, Func<int, Task>? planned = null)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<FeedOutcome>();
        try
        {
            await RefreshAllAsync(outcomes, clock, planned, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Feeds' own failures never get here: this is the store. Each clipping is written atomically, so what
            // readers see is whole, and the next run picks up where this one stopped.
            logger.LogError(e, "Refresh stopped: the store could not be read or written");
            throw new RefreshFailedException(
                $"The refresh stopped because the store could not be read or written ({e.GetBaseException().Message}). " +
                "Nothing half-written is shown; the next refresh completes it.", e);
        }

        var feeds = outcomes.OrderBy(o => o.ContributorName, Content.NaturalOrder.Instance).ToList();
        var report = new RefreshReport(
            Started: started,
            Duration: clock.Elapsed,
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
            Feeds: feeds);
        logger.LogInformation(
            "Refresh finished: {FeedsPolled} feeds, {FeedsFetched} fetched, {FeedsNotModified} not modified, {FeedsFailed} failed, {FeedsSkipped} waiting; " +
            "{PostsSeen} posts seen, {PostsMatched} matched; {ClippingsNew} new, {ClippingsUpdated} updated, {ClippingsMerged} merged in {DurationMs} ms",
            report.FeedsPolled, report.FeedsFetched, report.FeedsNotModified, report.FeedsFailed, report.FeedsSkipped,
            report.PostsSeen, report.PostsMatched, report.ClippingsNew, report.ClippingsUpdated, report.ClippingsMerged, (long)report.Duration.TotalMilliseconds);
        return report;
    }

    /// <summary>
    /// Refreshes one feed now, whatever its backoff or a past "gone": the operator's "refresh this feed now". Safe
    /// beside a full run: sightings merge, and the feed's state is whichever was saved last.
    /// </summary>
    public async Task<FeedOutcome> RunOneAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var now = contributor with { State = contributor.State with { NextAttempt = null, Gone = false } };
        var writer = new SightingWriter(store, refreshOptions.WriteBatchSize);
        var (outcome, state) = await refresher.RefreshAsync(now, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        var result = await outcome;
        await store.SaveFeedStatesAsync([new(contributor.Id, state)], cancellationToken);
        return result;
    }

    private async Task RefreshAllAsync(ConcurrentBag<FeedOutcome> outcomes, Stopwatch clock, Func<int, Task>? planned, CancellationToken cancellationToken)
    {
        var contributors = (await store.GetContributorsAsync(cancellationToken)).Where(c => c.IsPolled).ToList();
        if (planned is not null) await planned(contributors.Count);
        var states = new ConcurrentDictionary<string, FeedState>(StringComparer.Ordinal);
        var writer = new SightingWriter(store, refreshOptions.WriteBatchSize);
        var saving = new ConcurrentBag<Task<FeedOutcome>>();
        try
        {
            await Parallel.ForEachAsync(
                contributors,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, fetchOptions.MaxConcurrency), CancellationToken = cancellationToken },
                async (contributor, token) =>
                {
                    if (clock.Elapsed > refreshOptions.MaxDuration)
                    {
                        outcomes.Add(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Skipped,
                            Error: $"The run reached its time limit ({refreshOptions.MaxDuration.TotalMinutes:0.#} minutes) before this feed; it is next in the next run."));
                        return;
                    }
                    var (outcome, state) = await refresher.RefreshAsync(contributor, writer, token);
                    if (!ReferenceEquals(state, contributor.State)) states[contributor.Id] = state;
                    // A feed's failure is known at once (only saved posts are waited for), and is logged even if the run fails later.
                    if (outcome.IsCompletedSuccessfully && outcome.Result.Kind is FeedOutcomeKind.Failed or FeedOutcomeKind.Gone)
                    {
                        logger.LogWarning("Feed {Contributor} ({FeedUrl}) failed: {Error}", contributor.Name, contributor.FeedUrl, outcome.Result.Error);
                    }
                    saving.Add(outcome);
                });
            await writer.FlushAsync(cancellationToken);
            foreach (var saved in saving) outcomes.Add(await saved);
        }
        catch
        {
            // The run ends here with the store's error; the feeds that were waiting on the failed write hear the same.
            foreach (var saved in saving) _ = saved.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }
        // One write for the whole run's polling state, once every post it vouches for is stored.
        await store.SaveFeedStatesAsync(states, cancellationToken);
    }
}

/// <summary>A refresh that could not finish because the store failed; its message is meant for the operator.</summary>
public sealed class RefreshFailedException(string message, Exception inner) : Exception(message, inner);
