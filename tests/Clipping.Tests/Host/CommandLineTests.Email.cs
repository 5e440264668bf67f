using Clipping.Email;
using Clipping.Storage.Sqlite;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Host;

/// <summary><c>clipping email send|list</c>, as processes, sending to a real SMTP server.</summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public async Task Email_send_sends_whats_due_once_and_list_counts_without_addresses_unless_asked()
    {
        await using var mail = await MailServer.StartAsync();
        var environment = new Dictionary<string, string>(_environment)
        {
            ["Clipping__Site__BaseUrl"] = "https://clippings.example.org/",
        };
        foreach (var (key, value) in mail.Settings()) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;

        var add = await ClippingProcess.RunAsync(environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri, "--approve");
        Assert.True(add.ExitCode == 0, add.Error);
        // A reader who confirmed an hour ago (the site's form is tested elsewhere; this is the command's part).
        var store = new SqliteClippingStore(Path.Combine(_data.Path, DataDirectory.FileName));
        var address = "reader@example.org";
        var confirmed = DateTimeOffset.UtcNow.AddHours(-1);
        Assert.NotNull(await store.SaveSubscriberAsync(new Subscriber(SubscriberIds.For(address, "/"), address, "/", DigestFrequency.Daily, SubscriberState.Confirmed,
            SubscriptionTokens.NewStamp(), confirmed, Confirmed: confirmed), CancellationToken.None));

        var empty = await ClippingProcess.RunAsync(environment, "email", "send", "--frequency", "daily");
        Assert.True(empty.ExitCode == 0, empty.Error);
        Assert.Contains("0 sent, 1 with nothing new", empty.Output);

        Assert.Equal(0, (await ClippingProcess.RunAsync(environment, "refresh")).ExitCode);
        var send = await ClippingProcess.RunAsync(environment, "email", "send", "--frequency", "daily");
        Assert.True(send.ExitCode == 0, send.Error);
        Assert.Contains("Digests (daily): 1 sent", send.Output);
        var digest = Assert.Single(await mail.WaitForAsync(address));
        Assert.Matches(@"^Big Society clippings: \d+ new posts? \(", digest.Subject);
        Assert.StartsWith("<https://clippings.example.org/unsubscribe/", digest.Headers[MimeKit.HeaderId.ListUnsubscribe]);

        var again = await ClippingProcess.RunAsync(environment, "email", "send", "--frequency", "daily");
        Assert.Contains("0 sent", again.Output);
        Assert.Single(mail.ReceivedBy(address));

        var list = await ClippingProcess.RunAsync(environment, "email", "list");
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("/: 1 daily", list.Output);
        Assert.DoesNotContain(address, list.Output);
        var withAddresses = await ClippingProcess.RunAsync(environment, "email", "list", "--addresses");
        Assert.Contains($"  {address} (daily, last sent ", withAddresses.Output);

        // A reader asks to be forgotten: every subscription of the address goes, whatever case it is typed in.
        var removed = await ClippingProcess.RunAsync(environment, "email", "remove", "Reader@Example.org");
        Assert.True(removed.ExitCode == 0, removed.Error);
        Assert.Contains("Deleted 1 subscription of Reader@Example.org (/)", removed.Output);
        Assert.Empty(await store.GetSubscribersAsync(null, CancellationToken.None));
        Assert.Contains("nothing is kept for it", (await ClippingProcess.RunAsync(environment, "email", "remove", address)).Output);

        var off = await ClippingProcess.RunAsync(_environment, "email", "send");
        Assert.Equal(1, off.ExitCode);
        Assert.Contains("email is off: set Clipping__Email__Smtp__Host and Clipping__Email__From", off.Error);
    }
}
