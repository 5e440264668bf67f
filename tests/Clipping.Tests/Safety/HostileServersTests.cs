using System.Diagnostics;
using System.Text.Json;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Safety;

/// <summary>Feeds that try to exhaust the server: each ends within its limit with a clear error, and the run goes on.</summary>
public sealed class HostileServersTests
{
    [Fact]
    public async Task Slow_endless_huge_looping_and_exploding_feeds_each_fail_within_their_limits_and_the_rest_of_the_run_completes()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/good", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        server.Serve("/slow-drip", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync("<rss version=\"2.0\"><channel>"u8.ToArray(), context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(200, context.RequestAborted);
            }
        });
        server.Serve("/endless", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var written = await context.Response.BodyWriter.WriteAsync(chunk, context.RequestAborted);
                if (written.IsCompleted) break;
                // Once the client has gone, Kestrel completes writes at once without error; without a yield this loop
                // spins on one thread and holds up the very callbacks that would tell it the client has gone.
                await Task.Yield();
            }
        });
        server.Serve("/fifty-megabytes", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength = 50L * 1024 * 1024;
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 50 && !context.RequestAborted.IsCancellationRequested; i++) await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        server.Serve("/loop-a", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "/loop-b"; return Task.CompletedTask; });
        server.Serve("/loop-b", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "/loop-a"; return Task.CompletedTask; });
        server.Serve("/billion-laughs", Fixtures.Feed("xxe-billion-laughs.rss.xml"), "application/rss+xml");

        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Clipping:Fetch:Timeout"] = "00:00:03",
            ["Clipping:Fetch:MaxBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Clipping:Fetch:MaxConcurrencyPerHost"] = "8",
        });
        var store = site.Services.GetRequiredService<IClippingStore>();
        foreach (var path in new[] { "/good", "/slow-drip", "/endless", "/fifty-megabytes", "/loop-a", "/billion-laughs" })
        {
            var url = server.UrlOf(path).AbsoluteUri;
            await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), path.Trim('/'), null, url, ContributorStatus.Approved,
                FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        }

        var clock = Stopwatch.StartNew();
        using var response = await site.Admin.PostAsync("manage/refresh", null);
        var elapsed = clock.Elapsed;
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = report.GetProperty("feeds").EnumerateArray().ToDictionary(f => f.GetProperty("contributorName").GetString()!, f => f.GetProperty("error").GetString());

        Assert.Equal(1, report.GetProperty("clippingsNew").GetInt32());
        Assert.Null(errors["good"]);
        Assert.Contains("did not send the whole feed within 3 seconds", errors["slow-drip"]);
        Assert.Contains("larger than 2 MB", errors["endless"]);
        Assert.Contains("larger than 2 MB", errors["fifty-megabytes"]);
        Assert.Contains("Too many redirects", errors["loop-a"]);
        Assert.Contains("entities", errors["billion-laughs"]);
        // Every hostile feed was cut off by its own limit, not left to run: the whole run took about one time limit.
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"the run took {elapsed}");
    }
}
