using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;

namespace Clipping.Functions;

/// <summary>
/// Refreshes the batches the timer's run put on the queue, on whichever instance the host hands them to; and records
/// the ones that ended in the poison queue as failures against their feeds, so nothing is dropped without a trace.
/// </summary>
public sealed class RefreshBatchFunctions(BatchRefresher batches, StoreReadiness store, HubNotifier hub, RenderCache cache, RefreshOptions options, TimeProvider time, ILogger<RefreshBatchFunctions> logger)
{
    [Function("RefreshBatch")]
    public async Task Refresh([QueueTrigger("%" + RefreshQueue.QueueSetting + "%", Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken)
    {
        if (Parse(message) is not { } batch) return;
        await store.WhenReadyAsync(cancellationToken);
        var done = await batches.RunAsync(batch, TimeLimit.From(options.BatchTimeLimit, "batch"), cancellationToken);
        if (!done.Changed)
        {
            cache.InvalidateFeedHealth();
            return;
        }
        cache.Invalidate();
        // Subscribers hear of each batch's changes as it is stored, rather than when the slowest batch is done.
        await hub.NotifyAsync(done.Feeds, cancellationToken);
    }

    [Function("RefreshBatchGivenUp")]
    public async Task GivenUp([QueueTrigger("%" + RefreshQueue.QueueSetting + "%-poison", Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken)
    {
        if (Parse(message) is not { } batch) return;
        await store.WhenReadyAsync(cancellationToken);
        var reason = $"The refresh of this feed's batch ({batch.FeedIds.Count} feeds, run {batch.RunId}) failed on all {RefreshQueue.MaxAttempts} attempts and was set aside: " +
            "each time the instance stopped or the store failed before it finished (the Functions log has each attempt's error). It is tried again after its backoff.";
        await batches.RecordGivenUpAsync(batch, reason, time, cancellationToken);
    }

    // A message that is not a batch can never become one: retrying it would only fill the poison queue with it.
    private RefreshBatch? Parse(string message)
    {
        try
        {
            return RefreshBatch.Parse(message);
        }
        catch (FormatException e)
        {
            logger.LogError("A message on the refresh queue was not a batch and was dropped ({Error}): {Message}", e.Message, message.Length > 500 ? message[..500] + "…" : message);
            return null;
        }
    }
}
