using Azure.Storage.Queues;
using Clipping.Email;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Storage.Archive;

namespace Clipping.Functions;

/// <summary>
/// Email digests on Azure Functions. The host reads timer schedules in UTC, and the send time is in the site's zone,
/// so a timer looks every five minutes for a send time (<c>Clipping:Email:Schedule</c>) that has passed since the last
/// one planned (a note in the store), plans it, and puts its batches on the digest queue (<c>Clipping:Email:Queue</c>),
/// where whichever instances are running send them: ten thousand subscribers never wait on one invocation.
/// </summary>
public sealed class DigestFunctions(
    Digests digests,
    DigestSchedule schedule,
    EmailOptions options,
    SiteTime siteTime,
    IClippingStore store,
    StoreReadiness readiness,
    TimeProvider time,
    ILogger<DigestFunctions> logger,
    DigestQueue? queue = null)
{
    /// <summary>A send time further back than this, found at the first look, is not sent late: a new deployment does not mail about yesterday.</summary>
    private static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(1);

    [Function("Digests")]
    public async Task Plan([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!options.Enabled) return;
        await readiness.WhenReadyAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (schedule.LatestAtOrBefore(now, TimeSpan.FromDays(8)) is not { } due) return;
        var notes = (IStoreContents)store;
        var planned = await notes.GetNoteAsync(StoreNotes.DigestsPlanned, cancellationToken) is { } text
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var last) ? last : (DateTimeOffset?)null;
        if (due <= planned) return;
        var mark = due.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        if (planned is null && now - due > FirstLookBack)
        {
            await notes.SetNoteAsync(StoreNotes.DigestsPlanned, mark, cancellationToken);
            return;
        }

        var plan = await digests.PlanAsync(due, DigestPeriod.DueAt(due, siteTime.Zone), cancellationToken);
        if (queue is null)
        {
            // No queue to fan out over (local runs): send here.
            foreach (var batch in plan.Batches) await digests.SendAsync(batch, cancellationToken);
        }
        else
        {
            await queue.SendAsync(plan.Batches, cancellationToken);
        }
        // Noted once queued: a plan cut short is made again at the next look, and each digest still goes once (its claim).
        await notes.SetNoteAsync(StoreNotes.DigestsPlanned, mark, cancellationToken);
        logger.LogInformation("Digests for {Due:u}: {Due} subscribers due, queued in {Batches} batches; {Expired} unconfirmed requests dropped.",
            due, plan.Due, plan.Batches.Count, plan.Expired);
    }

    [Function("DigestBatch")]
    public async Task Send([QueueTrigger("%" + DigestQueue.QueueSetting + "%", Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken)
    {
        DigestBatch batch;
        try
        {
            batch = DigestBatch.Parse(message);
        }
        catch (FormatException e)
        {
            // A message that is not a batch can never become one: retrying it would only fill the poison queue.
            logger.LogError("A message on the digest queue was not a batch and was dropped: {Error}", e.Message);
            return;
        }
        await readiness.WhenReadyAsync(cancellationToken);
        var report = await digests.SendAsync(batch, cancellationToken);
        logger.LogInformation("Digest batch for {At:u}: {Sent} sent, {Empty} with nothing new, {Failed} failed for now, {Refused} refused ({Suspended} suspended), {Skipped} sent already.",
            batch.At, report.Sent, report.Empty, report.Failed, report.Refused, report.Suspended, report.Skipped);
    }
}

/// <summary>The queue digest batches go out on (<c>Clipping:Email:Queue</c>, in the host's storage account); created here if missing.</summary>
public sealed class DigestQueue(QueueClient queue)
{
    public const string QueueSetting = "Clipping:Email:Queue";

    private volatile bool _created;

    public async Task SendAsync(IReadOnlyList<DigestBatch> batches, CancellationToken cancellationToken)
    {
        if (batches.Count == 0) return;
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, token) => await queue.SendMessageAsync(batch.ToMessage(), token));
    }
}
