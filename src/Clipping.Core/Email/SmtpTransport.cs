using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Clipping.Email;

/// <summary>
/// Mail over SMTP with MailKit (<c>Clipping:Email:Smtp:*</c>). A reply of 5xx to the recipient or the message is a
/// refusal for good; a 4xx reply, a dropped connection or a timeout is a failure worth trying again later.
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
        private SmtpClient? _client;

        public async Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            var message = Build(mail, options.From!, time.GetUtcNow());
            try
            {
                var client = await ConnectedAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
                return SendOutcome.Sent;
            }
            catch (SmtpCommandException e)
            {
                // The session is still good after a refused recipient; anything else, start afresh next time.
                if (e.ErrorCode != SmtpErrorCode.RecipientNotAccepted) await DropAsync();
                var permanent = (int)e.StatusCode is >= 500 and < 600;
                return new SendOutcome(permanent ? SendResult.Refused : SendResult.Failed, $"{(int)e.StatusCode} {e.Message}".Trim());
            }
            catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or AuthenticationException or SslHandshakeException or TimeoutException or ServiceNotConnectedException or ServiceNotAuthenticatedException)
            {
                await DropAsync();
                return new SendOutcome(SendResult.Failed, e.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await DropAsync();
                return new SendOutcome(SendResult.Failed, "The mail server took too long to answer.");
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
            catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or SmtpCommandException)
            {
                // Already broken: nothing to say goodbye to.
            }
            client.Dispose();
        }

        public async ValueTask DisposeAsync() => await DropAsync();
    }
}
