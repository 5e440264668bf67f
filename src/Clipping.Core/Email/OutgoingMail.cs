namespace Clipping.Email;

/// <summary>One mail to send: to one address, in HTML and plain text.</summary>
/// <param name="ListId">The List-Id (RFC 2919) of digests, which mail clients file and filter by; null for a confirmation.</param>
/// <param name="UnsubscribeUrl">Where List-Unsubscribe points, taking RFC 8058's one-click POST; null for a confirmation.</param>
public sealed record OutgoingMail(string To, string Subject, string Html, string Text, string? ListId = null, string? UnsubscribeUrl = null);

/// <summary>How a send went, for one recipient.</summary>
public enum SendResult
{
    Sent,

    /// <summary>The server refused the recipient or the message for good (a 5xx reply).</summary>
    Refused,

    /// <summary>Could not be sent now (a 4xx reply, no connection, a timeout): tried again at the next send.</summary>
    Failed,
}

/// <summary>What happened to one mail, with the server's words when it was not sent.</summary>
public sealed record SendOutcome(SendResult Result, string? Error = null)
{
    public static SendOutcome Sent { get; } = new(SendResult.Sent);
}

/// <summary>Sends mail. One session may send many; it connects when first needed and again after a failure.</summary>
public interface IMailSession : IAsyncDisposable
{
    Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

public interface IMailTransport
{
    IMailSession Open();
}
