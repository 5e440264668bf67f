using Clipping.Contributors;
using Clipping.Feeds;
using Clipping.Feeds.Fetching;
using Clipping.Refresh;
using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.WebSub;

/// <summary>What the callback answers a hub: a status, and a body (the challenge, or a sentence for people).</summary>
public sealed record CallbackAnswer(int Status, string Body);

/// <summary>
/// The subscriber's side of WebSub's callback: verification of intent (GET), answered only for a subscription Clipping
/// asked for, and content distribution (POST), taken only with a valid <c>X-Hub-Signature</c> of the subscription's
/// secret. A delivery refreshes that one feed at once: from the pushed content when it is a feed, else by fetching it.
/// What is refused is recorded against the subscription and logged, and changes nothing.
/// </summary>
public sealed class PushCallback(
    IClippingStore store, FeedRefresher refresher, RefreshRunner runner, Publishing.HubNotifier publisher, Publishing.RenderCache cache,
    RefreshOptions refreshOptions, TimeProvider time, ILogger<PushCallback> logger)
{
    public async Task<CallbackAnswer> VerifyAsync(string id, string? mode, string? topic, string? challenge, string? leaseSeconds, string? reason, CancellationToken cancellationToken)
    {
        var subscription = await store.GetSubscriptionAsync(id, cancellationToken);
        if (subscription is null || topic != subscription.Topic) return new(404, "No such subscription was asked for.");
        var now = time.GetUtcNow();
        switch (mode)
        {
            case "denied":
                await store.SaveSubscriptionAsync((subscription with { State = SubscriptionState.Denied })
                    .WithProblem($"the hub refused the subscription{(string.IsNullOrWhiteSpace(reason) ? "." : ": " + Content.OneLineText.Clean(reason))}", now), cancellationToken);
                logger.LogWarning("The hub {Hub} refused the subscription to {Topic}: {Reason}", subscription.Hub, topic, reason);
                cache.InvalidateFeedHealth();
                return new(200, "");
            case "subscribe" when subscription.State is SubscriptionState.Requested or SubscriptionState.Active && !string.IsNullOrEmpty(challenge):
                var lease = long.TryParse(leaseSeconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(3650).TotalSeconds))
                    : TimeSpan.FromDays(1);
                await store.SaveSubscriptionAsync(subscription with { State = SubscriptionState.Active, LeaseExpires = now + lease, Lease = lease }, cancellationToken);
                logger.LogInformation("The hub {Hub} verified the subscription to {Topic} for {Lease}", subscription.Hub, topic, lease);
                cache.InvalidateFeedHealth();
                return new(200, challenge);
            case "unsubscribe" when subscription.State == SubscriptionState.Leaving && !string.IsNullOrEmpty(challenge):
                await store.DeleteSubscriptionAsync(subscription.Id, cancellationToken);
                cache.InvalidateFeedHealth();
                return new(200, challenge);
            default:
                return new(404, "Clipping did not ask for this.");
        }
    }

    /// <summary>Whether a delivery for this id could be taken at all: the endpoint asks before it reads a body.</summary>
    public async Task<bool> AcceptsDeliveriesAsync(string id, CancellationToken cancellationToken) =>
        await store.GetSubscriptionAsync(id, cancellationToken) is { State: SubscriptionState.Active or SubscriptionState.Requested };

    /// <param name="body">The delivery, already held to the size limit by the endpoint.</param>
    /// <param name="linkHeaders">The delivery's Link headers: the hub's rel="hub" and the topic's rel="self".</param>
    public async Task<CallbackAnswer> DeliverAsync(string id, byte[] body, string? contentType, string? signature, IEnumerable<string> linkHeaders, CancellationToken cancellationToken)
    {
        var subscription = await store.GetSubscriptionAsync(id, cancellationToken);
        if (subscription is not { State: SubscriptionState.Active or SubscriptionState.Requested })
        {
            // 410 tells the hub to stop: a subscription that does not exist (any more), or is being ended.
            logger.LogWarning("A WebSub delivery for subscription {Id}, which is not one of Clipping's, was refused.", id);
            return new(410, "There is no such subscription.");
        }
        if (!HubSignature.IsValid(signature, body, subscription.Secret))
        {
            // The spec has the subscriber acknowledge (2xx) and ignore it, so a forger learns nothing from the answer.
            await RecordProblemAsync(subscription, signature is null ? "a delivery without X-Hub-Signature was ignored" : "a delivery whose X-Hub-Signature did not match was ignored", cancellationToken);
            logger.LogWarning("A WebSub delivery for {Topic} had {Problem} and was ignored.", subscription.Topic, signature is null ? "no signature" : "a wrong signature");
            return new(202, "Ignored: the signature does not match.");
        }
        if (await store.GetContributorAsync(subscription.ContributorId, cancellationToken) is not { IsPolled: true } contributor)
        {
            return new(410, "This feed is no longer on the site.");
        }

        var outcome = await RefreshFromAsync(contributor, subscription, body, contentType, linkHeaders, cancellationToken);
        if (await store.GetSubscriptionAsync(id, cancellationToken) is { } latest)
        {
            await store.SaveSubscriptionAsync(latest with { LastDelivery = time.GetUtcNow() }, cancellationToken);
        }
        if (outcome.New + outcome.Updated + outcome.Merged > 0)
        {
            cache.Invalidate();
            await publisher.NotifyAsync([outcome], cancellationToken);
        }
        else
        {
            cache.InvalidateFeedHealth();
        }
        return new(200, $"{outcome.Kind}: {outcome.New} new, {outcome.Updated} updated.");
    }

    /// <summary>
    /// Reads the pushed content as the feed (keeping the validators the last poll got, so the next poll can still be
    /// answered 304); content that is not a feed (a notification without a body, a diff in some other format) means
    /// fetching the feed itself, now.
    /// </summary>
    private async Task<FeedOutcome> RefreshFromAsync(
        Contributor contributor, HubSubscription subscription, byte[] body, string? contentType, IEnumerable<string> linkHeaders, CancellationToken cancellationToken)
    {
        var topic = new Uri(subscription.Topic);
        var links = PushLinks.FromLinkHeaders(linkHeaders, topic) ?? new PushLinks(new Uri(subscription.Hub), topic);
        if (body.Length > 0)
        {
            var pushed = new FetchResult(FetchStatus.Fetched, topic, System.Net.HttpStatusCode.OK, body, contentType,
                contributor.State.ETag, contributor.State.LastModified, Push: links);
            var writer = new SightingWriter(store, refreshOptions.WriteBatchSize);
            var (processing, state) = await refresher.ProcessAsync(contributor, pushed, writer, cancellationToken);
            await writer.FlushAsync(cancellationToken);
            var outcome = await processing;
            if (outcome.Kind != FeedOutcomeKind.Failed)
            {
                await store.SaveFeedStatesAsync([new(contributor.Id, state)], cancellationToken);
                return outcome;
            }
            logger.LogInformation("A WebSub delivery for {Topic} was not a feed ({Error}); fetching the feed instead.", subscription.Topic, outcome.Error);
        }
        return await runner.RunOneAsync(contributor, cancellationToken, ignoreBackoff: false);
    }

    private async Task RecordProblemAsync(HubSubscription subscription, string problem, CancellationToken cancellationToken)
    {
        if (await store.GetSubscriptionAsync(subscription.Id, cancellationToken) is { } latest)
        {
            await store.SaveSubscriptionAsync(latest.WithProblem(problem, time.GetUtcNow()), cancellationToken);
            cache.InvalidateFeedHealth();
        }
    }

    /// <summary>Records that a delivery was refused before it was read (too large): the endpoint's limit, against the subscription.</summary>
    public async Task RefuseTooLargeAsync(string id, long limit, CancellationToken cancellationToken)
    {
        if (await store.GetSubscriptionAsync(id, cancellationToken) is { } subscription)
        {
            await RecordProblemAsync(subscription, $"a delivery larger than {limit / (1024 * 1024.0):0.#} MB was refused", cancellationToken);
        }
        logger.LogWarning("A WebSub delivery for subscription {Id} was larger than {Limit} bytes and was refused.", id, limit);
    }
}
