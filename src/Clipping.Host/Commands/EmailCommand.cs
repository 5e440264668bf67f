using System.CommandLine;
using Clipping.Email;
using Clipping.Publishing;
using Clipping.Web;

namespace Clipping.Host.Commands;

/// <summary><c>clipping email send|list</c>: digests sent now, and who gets them, from the shell.</summary>
internal static class EmailCommand
{
    public static Command Create()
    {
        var command = new Command("email", "Send the email digests due now, count the subscribers, or remove a reader's address.");
        command.Add(Send());
        command.Add(List());
        command.Add(Remove());
        return command;
    }

    private static Command Send()
    {
        var frequency = new Option<string?>("--frequency") { Description = "Send only daily or only weekly digests (default: what the schedule sends today: daily, and weekly on Mondays)" };
        frequency.AcceptOnlyFromAmong("daily", "weekly");
        var command = new Command("send", "Send every digest due now that has not gone this period. Safe to run again: each goes once per period.") { frequency };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await StartAsync(cancellationToken);
            var options = services.GetRequiredService<ClippingOptions>();
            if (!options.Email.Enabled)
            {
                Console.Error.WriteLine("clipping: email is off: set Clipping__Email__Smtp__Host and Clipping__Email__From (see docs/configuration.md).");
                return 1;
            }
            if (EmailAddresses.Problem(options) is { } problem)
            {
                Console.Error.WriteLine($"clipping: {problem}");
                return 1;
            }
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var zone = services.GetRequiredService<SiteTime>().Zone;
            IReadOnlyList<DigestFrequency> frequencies = parse.GetValue(frequency) switch
            {
                "daily" => [DigestFrequency.Daily],
                "weekly" => [DigestFrequency.Weekly],
                _ => DigestPeriod.DueAt(now, zone),
            };
            var report = await services.GetRequiredService<Digests>().SendDueAsync(now, frequencies, cancellationToken);
            Console.WriteLine($"Digests ({string.Join(" and ", frequencies.Select(f => f.ToString().ToLowerInvariant()))}): {report.Sent} sent, {report.Empty} with nothing new, " +
                $"{report.Failed} failed for now (tried again next send), {report.Refused} refused ({report.Suspended} suspended), {report.Skipped} sent already this period.");
            return report.Failed > 0 ? 2 : 0;
        });
        return command;
    }

    private static Command List()
    {
        var addresses = new Option<bool>("--addresses") { Description = "Show each subscriber's address too" };
        var command = new Command("list", "Count subscribers by view and state; addresses only with --addresses.") { addresses };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await StartAsync(cancellationToken);
            var subscribers = await services.GetRequiredService<IMailingList>().GetSubscribersAsync(null, cancellationToken);
            if (subscribers.Count == 0)
            {
                Console.WriteLine("No email subscribers yet.");
                return 0;
            }
            foreach (var view in subscribers.GroupBy(s => s.View, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var counts = view.GroupBy(s => s.State == SubscriberState.Confirmed ? s.Frequency.ToString().ToLowerInvariant() : s.State.ToString().ToLowerInvariant())
                    .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
                Console.WriteLine($"{TerminalText.Safe(view.Key)}: {string.Join(", ", counts)}");
                if (!parse.GetValue(addresses)) continue;
                foreach (var s in view.OrderBy(s => s.Address, StringComparer.OrdinalIgnoreCase))
                {
                    var detail = s.State switch
                    {
                        SubscriberState.Confirmed => $"{s.Frequency.ToString().ToLowerInvariant()}, last sent {(s.SentThrough is { } sent ? sent.ToString("yyyy-MM-dd HH:mm") + " UTC" : "never")}",
                        SubscriberState.Suspended => $"suspended: {TerminalText.Safe(s.LastError)}",
                        _ => "waiting for confirmation",
                    };
                    Console.WriteLine($"  {TerminalText.Safe(s.Address)} ({detail})");
                }
            }
            Console.WriteLine($"{Content.Plural.Of(subscribers.Count, "subscription")} in all.");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var address = new Argument<string>("address") { Description = "The reader's email address, in any case" };
        var command = new Command("remove", "Delete every subscription of an address, as a reader's request to be forgotten asks.") { address };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var list = services.GetRequiredService<IMailingList>();
            var typed = parse.GetValue(address)!.Trim();
            var subscriptions = await list.GetSubscribersAsync(SubscriberIds.AddressKeyOf(typed), cancellationToken);
            foreach (var subscriber in subscriptions) await list.DeleteSubscriberAsync(subscriber.Id, cancellationToken);
            Console.WriteLine(subscriptions.Count == 0
                ? $"No subscription for {TerminalText.Safe(typed)}: nothing is kept for it."
                : $"Deleted {Content.Plural.Of(subscriptions.Count, "subscription")} of {TerminalText.Safe(typed)} ({string.Join(", ", subscriptions.Select(s => TerminalText.Safe(s.View)))}).");
            return 0;
        });
        return command;
    }

    private static Task<ServiceProvider> StartAsync(CancellationToken cancellationToken) =>
        CommandServices.StartAsync([], cancellationToken, services: s => s.AddDigestRendering());
}
