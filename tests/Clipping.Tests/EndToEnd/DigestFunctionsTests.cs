using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Clipping.Contributors;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// Email digests under the Functions host on Azurite, as on Azure: the subscribe routes served by the app's functions,
/// the digest timer planning a send time and queueing its batches, and the queue function sending them to a real SMTP
/// server.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class DigestFunctionsTests
{
    [Fact]
    public async Task A_reader_subscribes_through_the_functions_and_the_timer_sends_the_digest_through_the_queue()
    {
        const string reader = "reader@example.org";
        await using var mail = await MailServer.StartAsync();
        await using var feeds = await FeedServer.StartAsync();
        var prefix = TableStorage.UniquePrefix();
        var store = TableStorage.CreateStore(prefix);
        await store.InitializeAsync(CancellationToken.None);
        var url = feeds.UrlOf("/rich").AbsoluteUri;
        feeds.Serve("/rich", Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Rich</title><link>https://rich.example/</link></channel></rss>"), "application/rss+xml", validators: false);
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Rich", "https://rich.example/", url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), CancellationToken.None);

        var port = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["Clipping__Storage__TablePrefix"] = prefix,
            ["Clipping__Site__BaseUrl"] = $"http://127.0.0.1:{port}/",
            // Every second: whichever look of the timer comes next finds a send time passed.
            ["Clipping__Email__Schedule"] = "* * * * * *",
        };
        foreach (var (key, value) in mail.Settings()) settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        await using var host = await FunctionsHostUnderTest.StartAsync(settings, port: port);

        await host.ExplainFailuresAsync(async () =>
        {
            // The form's post, then the confirmation page and its button, all answered by the app's functions.
            var answer = await host.Http.PostAsync("subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = reader, ["view"] = "/", ["frequency"] = "daily" }));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var confirmation = Assert.Single(await mail.WaitForAsync(reader));
            var link = new Uri(Regex.Match(confirmation.TextBody!, @"http://\S+/subscribe/confirm/\S+").Value);
            Assert.Equal($"127.0.0.1:{port}", link.Authority);
            Assert.Contains("Confirm my subscription", await host.Http.GetStringAsync(link.AbsolutePath));
            Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync(link.AbsolutePath, null)).StatusCode);

            // A post after confirming, clipped by a refresh.
            await Task.Delay(1100);
            feeds.Serve("/rich", Encoding.UTF8.GetBytes(
                "<rss version=\"2.0\"><channel><title>Rich</title><link>https://rich.example/</link>" +
                $"<item><title>Fresh news</title><link>https://rich.example/fresh</link><guid>fresh</guid><pubDate>{DateTimeOffset.UtcNow:r}</pubDate>" +
                "<category>Big Society</category><description>Something new.</description></item></channel></rss>"), "application/rss+xml", validators: false);
            await host.RunRefreshAsync();
            // Past the next whole second, so a send time has passed since the clipping was stored.
            await Task.Delay(1100);

            await host.RunTimerAsync("Digests");
            var digest = (await mail.WaitForAsync(reader, 2, seconds: 90))[^1];
            Assert.StartsWith("Big Society clippings: 1 new post (", digest.Subject);
            Assert.Contains("Fresh news", digest.TextBody);
            await host.WaitForAsync(() => host.Executions("DigestBatch").Count > 0, TimeSpan.FromSeconds(30), "the digest batch's execution to be logged");
            Assert.All(host.Executions("DigestBatch"), e => Assert.Equal("Succeeded", e.Groups["result"].Value));

            // One click from the mail client, through the app's function.
            var unsubscribe = new Uri(digest.Headers[MimeKit.HeaderId.ListUnsubscribe]!.Trim('<', '>'));
            var left = await host.Http.PostAsync(unsubscribe.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
            Assert.Equal(HttpStatusCode.OK, left.StatusCode);
            Assert.Empty(await ((Clipping.Email.IMailingList)store).GetSubscribersAsync(null, CancellationToken.None));
        });
    }
}
