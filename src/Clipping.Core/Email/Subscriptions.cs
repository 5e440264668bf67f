using System.Net;
using Clipping.Publishing;
using Microsoft.Extensions.Logging;

namespace Clipping.Email;

/// <summary>What became of a request to subscribe. The reader is told the same whichever it was, bar a mail server that is down.</summary>
public enum SubscribeOutcome
{
    /// <summary>A confirmation mail went to the address.</summary>
    Mailed,

    /// <summary>The address had a confirmation mail within the hour: none is sent, so the form cannot flood an inbox.</summary>
    Throttled,

    /// <summary>The mail server could not take the mail now.</summary>
    MailFailed,
}

/// <summary>Why a subscriber's link did nothing.</summary>
public enum LinkProblem { None, NotFound, Expired }

/// <summary>
/// Subscribing (a confirmation mail with a link that confirms on a POST), confirming and unsubscribing. No answer ever
/// says whether an address was subscribed already.
/// </summary>
public sealed class Subscriptions(IMailingList list, SubscriptionTokens tokens, IMailTransport transport, EmailAddresses addresses, TimeProvider time,
    ILogger<Subscriptions> logger)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    /// <summary>The least time between two confirmation mails to one address, whichever views they are for.</summary>
    public static readonly TimeSpan ConfirmationInterval = TimeSpan.FromHours(1);

    /// <param name="address">Checked already (<see cref="SubscriberIds.Check"/>).</param>
    /// <param name="viewName">The view as the mail names it: "Big Society", "posts by Rich on Big Society".</param>
    public async Task<SubscribeOutcome> RequestAsync(string address, SubscribedView view, string viewName, DigestFrequency frequency, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var addressKey = SubscriberIds.AddressKeyOf(address);
        if ((await list.GetSubscribersAsync(addressKey, cancellationToken)).Any(s => s.ConfirmationSent is { } sent && now - sent < ConfirmationInterval && now >= sent))
        {
            return SubscribeOutcome.Throttled;
        }
        var id = SubscriberIds.For(address, view.Path);
        var (token, hash) = SubscriptionTokens.NewConfirmation(id);
        var existing = await list.GetSubscriberAsync(id, cancellationToken);
        var subscriber = existing is { State: not SubscriberState.Pending }
            // Already receiving (or suspended): the digests go on as they are until this confirmation is used.
            ? existing with { ConfirmHash = hash, RequestedFrequency = frequency, ConfirmationSent = now }
            : new Subscriber(id, address, view.Path, frequency, SubscriberState.Pending, SubscriptionTokens.NewStamp(), existing?.Created ?? now,
                ConfirmHash: hash, RequestedFrequency: frequency, ConfirmationSent: now) { Version = existing?.Version };
        // Two requests racing for one address and view: the other's confirmation mail is the one that counts.
        if (await list.SaveSubscriberAsync(subscriber, cancellationToken) is null) return SubscribeOutcome.Throttled;

        await using var session = transport.Open();
        var outcome = await session.SendAsync(ConfirmationMail(address, viewName, view.Path, frequency, token), cancellationToken);
        if (outcome.Result == SendResult.Sent) return SubscribeOutcome.Mailed;
        logger.LogWarning("The confirmation mail for a subscription to {View} was not sent: {Error}", view.Path, outcome.Error);
        // Not sent: let the reader try again at once rather than wait out the hour.
        var current = await list.GetSubscriberAsync(id, cancellationToken);
        if (current is not null && current.ConfirmHash == hash)
        {
            if (existing is null) await list.DeleteSubscriberAsync(id, cancellationToken);
            else await list.SaveSubscriberAsync(current with { ConfirmationSent = existing.ConfirmationSent, ConfirmHash = existing.ConfirmHash, RequestedFrequency = existing.RequestedFrequency }, cancellationToken);
        }
        return SubscribeOutcome.MailFailed;
    }

    /// <summary>The subscriber a confirmation link is for, without confirming (a GET, which mail scanners make too).</summary>
    public async Task<(Subscriber? Subscriber, LinkProblem Problem)> FindConfirmationAsync(string? token, CancellationToken cancellationToken)
    {
        if (SubscriptionTokens.Split(token) is not var (id, secret)) return (null, LinkProblem.NotFound);
        if (await list.GetSubscriberAsync(id, cancellationToken) is not { } subscriber || !SubscriptionTokens.Confirms(subscriber, secret)) return (null, LinkProblem.NotFound);
        if (time.GetUtcNow() - subscriber.ConfirmationSent > ConfirmationLifetime) return (subscriber, LinkProblem.Expired);
        return (subscriber, LinkProblem.None);
    }

    /// <summary>Confirms: the subscriber gets digests from now (or, already subscribed, at the frequency just asked for).</summary>
    public async Task<(Subscriber? Subscriber, LinkProblem Problem)> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (subscriber, problem) = await FindConfirmationAsync(token, cancellationToken);
            if (subscriber is null || problem != LinkProblem.None) return (subscriber, problem);
            var now = time.GetUtcNow();
            var confirmed = subscriber with
            {
                State = SubscriberState.Confirmed,
                Frequency = subscriber.RequestedFrequency ?? subscriber.Frequency,
                ConfirmHash = null,
                RequestedFrequency = null,
                Confirmed = subscriber.State == SubscriberState.Confirmed ? subscriber.Confirmed : now,
                // A suspended address that subscribes again starts from now, not from before it was suspended.
                SentThrough = subscriber.State == SubscriberState.Confirmed ? subscriber.SentThrough : now,
                Refusals = 0,
                LastError = null,
            };
            if (await list.SaveSubscriberAsync(confirmed, cancellationToken) is { } saved) return (saved, LinkProblem.None);
        }
        throw new InvalidOperationException("The subscription kept changing while it was being confirmed.");
    }

    /// <summary>The subscriber an unsubscribe link is for, or null when it is not (or no longer) one.</summary>
    public async Task<Subscriber?> FindUnsubscribeAsync(string? token, CancellationToken cancellationToken) =>
        SubscriptionTokens.Split(token) is var (id, secret) && await list.GetSubscriberAsync(id, cancellationToken) is { } subscriber
            && await tokens.UnsubscribesAsync(subscriber, secret, cancellationToken)
            ? subscriber
            : null;

    /// <summary>Unsubscribes at once, deleting the address. False when the link is not (or no longer) one.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (await FindUnsubscribeAsync(token, cancellationToken) is not { } subscriber) return false;
        await list.DeleteSubscriberAsync(subscriber.Id, cancellationToken);
        return true;
    }

    private OutgoingMail ConfirmationMail(string address, string viewName, string viewPath, DigestFrequency frequency, string token)
    {
        var link = addresses.Absolute(SiteRoutes.SubscribeConfirmOf(token));
        var page = addresses.Absolute(viewPath);
        var how = frequency == DigestFrequency.Weekly ? "a weekly digest, on Mondays" : "a daily digest";
        var subject = $"Confirm your subscription to {viewName}";
        var text = $"""
            Someone, probably you, asked for {how} of {viewName} ({page}) to be sent to {address}.

            To confirm, open this link and press the button on the page:
            {link}

            The link works for 7 days. If you did not ask for this, ignore this mail: nothing will be sent.
            """;
        string E(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>{E(subject)}</title></head>
            <body style="font-family: Georgia, serif; font-size: 16px; line-height: 1.5; max-width: 36em;">
            <p>Someone, probably you, asked for {E(how)} of <a href="{E(page)}">{E(viewName)}</a> to be sent to {E(address)}.</p>
            <p><a href="{E(link)}" style="font-weight: bold;">Confirm your subscription</a> (the page it opens has a button to press).</p>
            <p>The link works for 7 days. If you did not ask for this, ignore this mail: nothing will be sent.</p>
            </body></html>
            """;
        return new OutgoingMail(address, subject, html, text);
    }
}
