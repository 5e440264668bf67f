using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Clipping.Email;

/// <summary>
/// Mail over SMTP with MailKit (<c>Clipping:Email:Smtp:*</c>). Only a 5xx reply to the recipient is a refusal for good,
/// which counts against the reader; anything else (a 4xx, a refused sender or message, no connection, a timeout) is a
/// failure to try again at the next send, since it is the server's or the settings' and not the reader's.
/// </summary>
public sealed class SmtpTransport(EmailOptions options, TimeProvider time) : IMailTransport
{
    public IMailSession Open() => new Session(options, time);

    /// <summary>The message as it goes out: both parts, and the list headers a digest carries.</summary>
    public static MimeMessage Build(OutgoingMail mail, string from, DateTimeOffset date)
    {
        var sender = MailboxAddress.Parse(from);
        var message = new MimeMessage { Subject = mail.Subject, Date = date };
        message.From.Add(sender);
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(sender.Domain);
        if (mail.ListId is { } listId) message.Headers.Add(HeaderId.ListId, listId);
        if (mail.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            // Not a reply to anyone: auto-responders leave it be (RFC 3834).
            message.Headers.Add("Auto-Submitted", "auto-generated");
        }
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }

    private sealed class Session(EmailOptions options, TimeProvider time) : IMailSession
    {
        /// <summary>Failures of the server itself in a row, after which the rest of the session's mail waits for the next send.</summary>
        private const int ServerFailuresToGiveUp = 3;

        private SmtpClient? _client;
        private int _serverFailures;
        private string? _gaveUp;

        public async Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            if (_gaveUp is { } reason) return new SendOutcome(SendResult.Failed, reason);
            try
            {
                var message = Build(mail, options.From!, time.GetUtcNow());
                var client = await ConnectedAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
                _serverFailures = 0;
                return SendOutcome.Sent;
            }
            catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
            {
                // The server is fine; this mailbox is not (5xx: for good, such as no such user; 4xx: for now, a full mailbox).
                _serverFailures = 0;
                var permanent = (int)e.StatusCode is >= 500 and < 600;
                return new SendOutcome(permanent ? SendResult.Refused : SendResult.Failed, $"{(int)e.StatusCode} {e.Message}".Trim());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // The sender refused, authentication failed, no connection, a timeout, a reply that made no sense: the
                // server's trouble or the settings', never the reader's, so it never counts against them.
                await DropAsync();
                var error = e is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}".Trim()
                    : e is OperationCanceledException ? "The mail server took too long to answer."
                    : e.Message;
                if (++_serverFailures >= ServerFailuresToGiveUp) _gaveUp = $"The mail server failed {ServerFailuresToGiveUp} times in a row; the rest wait for the next send. Last: {error}";
                return new SendOutcome(SendResult.Failed, error);
            }
        }

        private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client is { IsConnected: true } client) return client;
            await DropAsync();
            client = new SmtpClient { Timeout = 60_000 };
            var smtp = options.Smtp;
            var security = smtp.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            _client = client;
            await client.ConnectAsync(smtp.Host!, smtp.EffectivePort, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            return client;
        }

        private async Task DropAsync()
        {
            if (_client is not { } client) return;
            _client = null;
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(true);
            }
            catch (Exception)
            {
                // Already broken: nothing to say goodbye to.
            }
            client.Dispose();
        }

        public async ValueTask DisposeAsync() => await DropAsync();
    }
}
