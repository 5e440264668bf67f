namespace Clipping.Refresh;

/// <summary>
/// How a planned run's batches reach a <see cref="BatchRefresher"/>: in this process (the self-host, the CLI), or
/// through a queue that any instance takes batches from (the Functions app).
/// </summary>
public interface IRefreshTransport
{
    /// <returns>Every feed's outcome when the batches ran here; null when they were handed on and finish elsewhere.</returns>
    Task<IReadOnlyList<FeedOutcome>?> RefreshAsync(RefreshPlan plan, CancellationToken cancellationToken);
}

/// <summary>Runs a plan's batches here, several at once; the batch refresher's fetch slots bound the whole process.</summary>
public sealed class InProcessRefresh(BatchRefresher batches, RefreshOptions options, Feeds.Fetching.FetchOptions fetchOptions) : IRefreshTransport
{
    public async Task<IReadOnlyList<FeedOutcome>?> RefreshAsync(RefreshPlan plan, CancellationToken cancellationToken)
    {
        // One limit for the whole run, as it is one process's work: the schedule's next run is what it must not meet.
        var limit = TimeLimit.From(options.MaxDuration, "run");
        var outcomes = new List<FeedOutcome>(plan.FeedCount);
        await Parallel.ForEachAsync(
            plan.Batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, fetchOptions.MaxConcurrency), CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                var done = await batches.RunAsync(batch, limit, token);
                lock (outcomes) outcomes.AddRange(done.Feeds);
            });
        return outcomes;
    }
}
