using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Clipping.Tests.EndToEnd;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Storage;

/// <summary>The Table service going away in the middle of a refresh, and coming back.</summary>
public sealed class TableStorageFaultTests
{
    [Fact]
    public async Task A_refresh_cut_off_from_the_store_fails_clearly_leaves_nothing_half_written_and_the_next_completes_it()
    {
        var azurite = new TableServiceClient(TableStorage.ConnectionString);
        var endpoint = azurite.Uri;
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, endpoint.Port));
        var viaProxy = TableStorage.ConnectionString.Replace($":{endpoint.Port}/", $":{proxy.Port}/", StringComparison.Ordinal);
        var prefix = TableStorage.UniquePrefix();

        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Clipping:Storage:ConnectionString"] = viaProxy,
            ["Clipping:Storage:TablePrefix"] = prefix,
            // One feed at a time, each written as soon as it is read: the cut then falls between writes, some done.
            ["Clipping:Fetch:MaxConcurrency"] = "1",
            ["Clipping:Refresh:WriteBatchSize"] = "1",
        });
        await blogs.RegisterAllAsync(site);

        // The store goes away once the refresh has fetched and written a few feeds.
        var requests = 0;
        server.OnRequest = _ => { if (Interlocked.Increment(ref requests) == 4) proxy.Cut(); };
        using var failed = await site.Admin.PostAsync("manage/refresh", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("store could not be read or written", error);

        // Whatever was written is whole: every clipping row has its timeline row and the other way round.
        server.OnRequest = null;
        proxy.Restore();
        var table = azurite.GetTableClient(prefix + "Clippings");
        var rows = table.Query<TableEntity>(select: ["RowKey", "Key"]).ToList();
        var clippingKeys = rows.Where(r => r.RowKey.StartsWith("id|", StringComparison.Ordinal)).Select(r => r.GetString("Key")).Order().ToList();
        var timelineKeys = rows.Where(r => r.RowKey.StartsWith("t|", StringComparison.Ordinal)).Select(r => r.GetString("Key")).Order().ToList();
        Assert.Equal(clippingKeys, timelineKeys);
        Assert.InRange(clippingKeys.Count, 1, 8);

        // The next run, with the service back, completes it: nothing lost, nothing twice.
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        using var completed = await site.Admin.PostAsync("manage/refresh", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var html = await site.Http.GetStringAsync("");
        var links = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelectorAll("article.clipping h4 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(9, links.Count);
        Assert.Equal(links.Distinct().Count(), links.Count);
        rows = table.Query<TableEntity>(select: ["RowKey", "Key"]).ToList();
        Assert.Equal(9, rows.Count(r => r.RowKey.StartsWith("id|", StringComparison.Ordinal)));
        Assert.Equal(9, rows.Count(r => r.RowKey.StartsWith("t|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refresh_asked_for_while_the_store_is_unreachable_is_a_503_that_says_so()
    {
        var endpoint = new TableServiceClient(TableStorage.ConnectionString).Uri;
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, endpoint.Port));
        var viaProxy = TableStorage.ConnectionString.Replace($":{endpoint.Port}/", $":{proxy.Port}/", StringComparison.Ordinal);
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Clipping:Storage:ConnectionString"] = viaProxy,
            ["Clipping:Storage:TablePrefix"] = TableStorage.UniquePrefix(),
        });

        // Recording the run's start fails first; the run is still tried, and its failure is the operator's answer.
        proxy.Cut();
        using var failed = await site.Admin.PostAsync("manage/refresh", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("store could not be read or written", error);

        proxy.Restore();
        using var completed = await site.Admin.PostAsync("manage/refresh", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }
}
