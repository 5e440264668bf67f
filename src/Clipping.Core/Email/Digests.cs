using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Microsoft.Extensions.Logging;

namespace Clipping.Email;

/// <summary>Subscribers whose digests one worker sends: the self-host sends every batch itself, the Functions app one per queue message.</summary>
/// <param name="At">The send time the plan was made for: it names each digest's period.</param>
/// <param name="Through">
/// Where what the digests cover ends: the send time, or, while a refresh is under way, when that refresh began, since
/// the clippings it is still writing carry first-seen times from then on and go in the next digest instead.
/// </param>
public sealed record DigestBatch(DateTimeOffset At, IReadOnlyList<DigestFrequency> Frequencies, IReadOnlyList<string> Subscribers, DateTimeOffset? Through = null)
{
    /// <summary>The batch as a queue message: ids only, never addresses (a queue's messages are readable by whoever holds its key).</summary>
    public string ToMessage() => System.Text.Json.JsonSerializer.Serialize(this, DigestBatchJson.Default.DigestBatch);

    /// <exception cref="FormatException">The message is not a batch this version understands.</exception>
    public static DigestBatch Parse(string message)
    {
        DigestBatch? batch;
        try
        {
            batch = System.Text.Json.JsonSerializer.Deserialize(message, DigestBatchJson.Default.DigestBatch);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"Not a digest batch: {e.Message}", e);
        }
        if (batch is not { Frequencies.Count: > 0, Subscribers: not null } || !batch.Subscribers.All(SubscriberIds.IsWellFormed))
        {
            throw new FormatException("Not a digest batch: it needs a send time, the frequencies it sends and subscriber ids.");
        }
        return batch;
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DigestBatch))]
internal sealed partial class DigestBatchJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <param name="Expired">Unconfirmed requests older than a week, deleted while planning.</param>
public sealed record DigestPlan(DateTimeOffset At, IReadOnlyList<DigestBatch> Batches, int Due, int Expired);

/// <summary>What a send did, summed over its batches.</summary>
/// <param name="Empty">Due, but nothing new in their view: no mail.</param>
/// <param name="Skipped">Sent already this period (by another run or instance), or no longer subscribed.</param>
public sealed record DigestReport(int Sent, int Empty, int Refused, int Failed, int Suspended, int Skipped)
{
    public static DigestReport None { get; } = new(0, 0, 0, 0, 0, 0);

    public DigestReport Add(DigestReport other) => new(Sent + other.Sent, Empty + other.Empty, Refused + other.Refused, Failed + other.Failed,
        Suspended + other.Suspended, Skipped + other.Skipped);
}

/// <summary>
/// Planning and sending digests. Each digest is claimed before it is sent, by saving the subscriber with the period
/// only if no one else has saved it meanwhile, so of two runs or instances at once only one sends it; a digest that
/// could not go now (nothing new, a temporary failure) gives its claim back to be tried at the next send.
/// </summary>
public sealed class Digests(
    IMailingList list,
    IClippingStore store,
    IDigestRenderer renderer,
    IMailTransport transport,
    SubscriptionTokens tokens,
    EmailAddresses addresses,
    ClippingOptions options,
    SiteTopics topics,
    SiteTime siteTime,
    ILogger<Digests> logger)
{
    /// <summary>How far back a view is read for new clippings: its newest this many, by publication.</summary>
    public const int ViewWindow = 100;

    /// <summary>A refresh recorded as begun and not finished after this long died with its process, and holds nothing back.</summary>
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Who is due a digest at <paramref name="at"/> for these frequencies, in batches; drops requests never confirmed within a week.</summary>
    public async Task<DigestPlan> PlanAsync(DateTimeOffset at, IReadOnlyList<DigestFrequency> frequencies, CancellationToken cancellationToken)
    {
        var expired = 0;
        var due = new List<Subscriber>();
        foreach (var subscriber in await list.GetSubscribersAsync(null, cancellationToken))
        {
            if (subscriber.State == SubscriberState.Pending)
            {
                if (at - (subscriber.ConfirmationSent ?? subscriber.Created) > Subscriptions.ConfirmationLifetime)
                {
                    await list.DeleteSubscriberAsync(subscriber.Id, cancellationToken);
                    expired++;
                }
                continue;
            }
            if (IsDue(subscriber, at, frequencies)) due.Add(subscriber);
        }
        var through = at;
        foreach (var run in await store.GetRecentRunsAsync(10, cancellationToken))
        {
            if (run.Finished is null && run.Started <= at && at - run.Started < RefreshLifetime && run.Started < through) through = run.Started;
        }
        // Subscribers of one view together, so a batch reads and renders each view once.
        var size = Math.Max(1, options.Email.SubscribersPerBatch);
        var batches = due.OrderBy(s => s.View, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Chunk(size).Select(chunk => new DigestBatch(at, frequencies.ToList(), chunk.Select(s => s.Id).ToList(), through)).ToList();
        return new DigestPlan(at, batches, due.Count, expired);
    }

    /// <summary>Plans and sends every batch here (the self-host and the CLI).</summary>
    public async Task<DigestReport> SendDueAsync(DateTimeOffset at, IReadOnlyList<DigestFrequency> frequencies, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(at, frequencies, cancellationToken);
        var report = DigestReport.None;
        foreach (var batch in plan.Batches) report = report.Add(await SendAsync(batch, cancellationToken));
        return report;
    }

    /// <summary>Sends one batch's digests over one SMTP session.</summary>
    public async Task<DigestReport> SendAsync(DigestBatch batch, CancellationToken cancellationToken)
    {
        var (at, frequencies, through) = (batch.At, batch.Frequencies, batch.Through ?? batch.At);
        var (sent, empty, refused, failed, suspended, skipped) = (0, 0, 0, 0, 0, 0);
        var views = new Dictionary<string, IReadOnlyList<Clippings.Clipping>>(StringComparer.Ordinal);
        var rendered = new Dictionary<(string View, long Since, DigestFrequency Frequency), RenderedDigest>();
        await using var session = transport.Open();
        foreach (var id in batch.Subscribers)
        {
            var subscriber = await list.GetSubscriberAsync(id, cancellationToken);
            if (subscriber is null || !IsDue(subscriber, at, frequencies) || SubscribedView.Parse(subscriber.View, topics) is not { } view)
            {
                skipped++;
                continue;
            }
            var since = subscriber.SentThrough ?? subscriber.Confirmed ?? subscriber.Created;
            if (!views.TryGetValue(view.Path, out var recent))
            {
                recent = (await store.GetClippingsAsync(view.Topic.Slug, view.Filter, ViewWindow, null, cancellationToken)).Items;
                views[view.Path] = recent;
            }
            var fresh = recent.Where(c => SeenIn(c, view) is var seen && seen > since && seen <= through).ToList();
            if (fresh.Count == 0)
            {
                empty++;
                continue;
            }

            var period = DigestPeriod.Key(subscriber.Frequency, at, siteTime.Zone);
            if (await list.SaveSubscriberAsync(subscriber with { Period = period }, cancellationToken) is not { } claimed)
            {
                skipped++;
                continue;
            }
            SendOutcome outcome;
            try
            {
                if (!rendered.TryGetValue((view.Path, since.UtcTicks, subscriber.Frequency), out var digest))
                {
                    var (from, to) = DigestPeriod.Days(since, at, siteTime.Zone);
                    var shown = fresh.Take(Math.Max(1, options.Email.MaxClippings)).ToList();
                    digest = await renderer.RenderAsync(new DigestContent(view, subscriber.Frequency, shown, fresh.Count - shown.Count, from, to), cancellationToken);
                    rendered[(view.Path, since.UtcTicks, subscriber.Frequency)] = digest;
                }
                var unsubscribe = addresses.Unsubscribe(await tokens.UnsubscribeTokenAsync(claimed, cancellationToken));
                var mail = new OutgoingMail(claimed.Address, digest.Subject,
                    digest.Html.Replace(RenderedDigest.UnsubscribeMark, System.Net.WebUtility.HtmlEncode(unsubscribe), StringComparison.Ordinal),
                    digest.Text.Replace(RenderedDigest.UnsubscribeMark, unsubscribe, StringComparison.Ordinal),
                    digest.ListId, unsubscribe);
                outcome = await session.SendAsync(mail, cancellationToken);
            }
            catch (Exception)
            {
                // Not sent: the claim goes back, so the next send tries again, and the batch stops with the error.
                await RecordAsync(claimed, s => s with { Period = subscriber.Period }, CancellationToken.None);
                throw;
            }
            switch (outcome.Result)
            {
                case SendResult.Sent:
                    sent++;
                    await RecordAsync(claimed, s => s with { SentThrough = through, Refusals = 0, LastError = null }, cancellationToken);
                    break;
                case SendResult.Refused:
                    refused++;
                    var nowSuspended = claimed.Refusals + 1 >= Subscriber.RefusalsToSuspend;
                    if (nowSuspended) suspended++;
                    logger.LogWarning("A digest of {View} was refused for good{Suspended}: {Error}", view.Path, nowSuspended ? "; the subscription is suspended" : "", outcome.Error);
                    await RecordAsync(claimed, s => s with
                    {
                        Refusals = s.Refusals + 1,
                        State = s.Refusals + 1 >= Subscriber.RefusalsToSuspend ? SubscriberState.Suspended : s.State,
                        LastError = outcome.Error,
                    }, cancellationToken);
                    break;
                default:
                    failed++;
                    logger.LogWarning("A digest of {View} could not be sent now and waits for the next send: {Error}", view.Path, outcome.Error);
                    // The claim goes back, so the next send (a rerun, or the next scheduled one) tries again.
                    await RecordAsync(claimed, s => s with { Period = subscriber.Period, LastError = outcome.Error }, cancellationToken);
                    break;
            }
        }
        return new DigestReport(sent, empty, refused, failed, suspended, skipped);
    }

    private bool IsDue(Subscriber subscriber, DateTimeOffset at, IReadOnlyList<DigestFrequency> frequencies)
    {
        if (subscriber.State != SubscriberState.Confirmed || subscriber.Period == DigestPeriod.Key(subscriber.Frequency, at, siteTime.Zone)) return false;
        if (frequencies.Contains(subscriber.Frequency)) return true;
        // A weekly digest that could not go at its Monday send goes at the next send of the week, not a week late.
        return subscriber.Frequency == DigestFrequency.Weekly && frequencies.Count > 0 && subscriber.LastError is not null;
    }

    /// <summary>
    /// When a clipping came into a view: when it was first seen, or, on a contributor's page, when that contributor's
    /// post was (a contributor who clips an article someone else clipped last week brings it into their page today).
    /// </summary>
    private static DateTimeOffset SeenIn(Clippings.Clipping clipping, SubscribedView view) =>
        view.Filter is Views.ClippingFilter.ByContributor { ContributorId: var id } && clipping.Sources.FirstOrDefault(s => s.ContributorId == id) is { } source
            ? source.FirstSeen
            : clipping.FirstSeen;

    // Saves what a send did; when the subscriber changed meanwhile (confirmed a new frequency, say), onto the change.
    private async Task RecordAsync(Subscriber claimed, Func<Subscriber, Subscriber> change, CancellationToken cancellationToken)
    {
        var current = claimed;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await list.SaveSubscriberAsync(change(current), cancellationToken) is not null) return;
            if (await list.GetSubscriberAsync(claimed.Id, cancellationToken) is not { } reread) return; // unsubscribed meanwhile
            current = reread;
        }
        logger.LogError("Could not record the digest sent to a subscriber of {View}: it kept changing.", claimed.View);
    }
}
