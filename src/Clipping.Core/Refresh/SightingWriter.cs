using Clipping.Clippings;
using Clipping.Storage;

namespace Clipping.Refresh;

/// <summary>
/// Gathers the sightings of one refresh run and hands them to the store in batches: one store call (one SQLite
/// transaction, a few Table transactions) per batch of feeds instead of one per feed, which is what a run where every
/// feed has one new post spends most of its time on otherwise.
/// </summary>
/// <remarks>
/// A feed's caller is not kept waiting for its batch to fill, since every fetch slot could then be waiting on a batch
/// that only they could fill: <see cref="QueueAsync"/> returns once the sightings are queued, with a task for their
/// outcomes. The caller that fills a batch writes it, which bounds what is held in memory to about a batch per fetch
/// slot. Whatever is left is written by <see cref="FlushAsync"/> at the end of the run, before any feed's polling state is
/// saved, so a feed is never marked as read while its posts are unsaved.
/// </remarks>
/// <param name="writes">Shared by every writer in a process, when given: how many of their writes may be under way at once.</param>
public sealed class SightingWriter(IClippingStore store, int batchSize = SightingWriter.DefaultBatchSize, SemaphoreSlim? writes = null)
{
    public const int DefaultBatchSize = 200;

    private readonly int _batchSize = Math.Max(1, batchSize);
    private readonly Lock _lock = new();
    private List<Queued> _queue = [];
    private int _queuedSightings;

    /// <returns>A task that completes with one outcome per sighting, in order, once they are in the store.</returns>
    public async ValueTask<Task<IReadOnlyList<MergeOutcome>>> QueueAsync(string topic, IReadOnlyList<Sighting> sightings, CancellationToken cancellationToken)
    {
        var queued = new Queued(topic, sightings);
        List<Queued>? full = null;
        lock (_lock)
        {
            _queue.Add(queued);
            _queuedSightings += sightings.Count;
            if (_queuedSightings >= _batchSize) full = TakeQueue();
        }
        if (full is not null) await WriteAsync(full, cancellationToken);
        return queued.Done.Task;
    }

    /// <summary>Writes whatever is still queued. A store failure is thrown here (and to every waiting task).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        List<Queued> rest;
        lock (_lock) rest = TakeQueue();
        return rest.Count == 0 ? Task.CompletedTask : WriteAsync(rest, cancellationToken);
    }

    private List<Queued> TakeQueue()
    {
        var taken = _queue;
        _queue = [];
        _queuedSightings = 0;
        return taken;
    }

    private async Task WriteAsync(List<Queued> batch, CancellationToken cancellationToken)
    {
        if (writes is not null) await writes.WaitAsync(cancellationToken);
        try
        {
            foreach (var topic in batch.GroupBy(q => q.Topic, StringComparer.Ordinal))
            {
                var parts = topic.ToList();
                var outcomes = await store.SaveSightingsAsync(topic.Key, parts.Count == 1 ? parts[0].Sightings : [.. parts.SelectMany(p => p.Sightings)], cancellationToken);
                var offset = 0;
                foreach (var part in parts)
                {
                    part.Done.SetResult(outcomes.Skip(offset).Take(part.Sightings.Count).ToList());
                    offset += part.Sightings.Count;
                }
            }
        }
        catch (Exception e)
        {
            foreach (var part in batch)
            {
                // Only the writer's own caller is told; the run ends with it, so no one else awaits these.
                if (part.Done.TrySetException(e)) _ = part.Done.Task.Exception;
            }
            throw;
        }
        finally
        {
            writes?.Release();
        }
    }

    private sealed record Queued(string Topic, IReadOnlyList<Sighting> Sightings)
    {
        public TaskCompletionSource<IReadOnlyList<MergeOutcome>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
