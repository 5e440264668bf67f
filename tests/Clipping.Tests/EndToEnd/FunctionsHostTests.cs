using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// The Functions app as Azure runs it: built, under the Azure Functions host (../shared/functions-host), on Azurite.
/// The fixture story is told through the HTTP functions, the moderation functions (admin key and function key) and the
/// timer function (through the host's admin API), and must end as it does on the self-host.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task The_fixture_story_runs_under_the_Functions_host(string environment)
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        var prefix = TableStorage.UniquePrefix();
        await using var host = await FunctionsHostUnderTest.StartAsync(
            new Dictionary<string, string> { ["Clipping__Storage__TablePrefix"] = prefix }, environment);
        await host.ExplainFailuresAsync(() => TellTheStoryAsync(host, server, blogs, prefix));
    }

    private static async Task TellTheStoryAsync(FunctionsHostUnderTest host, FeedServer server, FixtureBlogs blogs, string prefix)
    {

        // Every function indexed, none in error.
        Assert.DoesNotContain("is in error", host.Log, StringComparison.Ordinal);
        var status = JsonDocument.Parse(await host.HostAdmin.GetStringAsync("admin/host/status")).RootElement;
        Assert.Equal("Running", status.GetProperty("state").GetString());
        Assert.False(status.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0, errors.ToString());

        // A never-refreshed store is refreshed once as the app starts (nothing registered yet, so nothing fetched);
        // waiting for it keeps it apart from the timer runs below.
        await host.WaitForAsync(async () => (await host.Http.GetStringAsync("status")).Contains("finished in", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the start-up refresh");

        // Every route of the table reaches the app: reads 200 (404 for a contributor who does not exist, and from the
        // catch-all); moderation 401 without the keys and, with them, the app's own answer. Registration is exercised
        // by the story below.
        foreach (var route in SiteRoutes.All.Where(r => r.Access != RouteAccess.Operator && (r.Template is not (RouteTemplates.Register or RouteTemplates.RegisterApi) || !r.Methods.Contains("POST"))))
        {
            var path = SamplePath(route.Template);
            foreach (var method in route.Methods)
            {
                using var response = await host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var expected = route.Admin ? HttpStatusCode.Unauthorized
                    // A hub delivering for a subscription Clipping never made is told it is gone, so it stops.
                    : route.Template == RouteTemplates.WebSubCallback && method == "POST" ? HttpStatusCode.Gone
                    : path.Contains("nobody", StringComparison.Ordinal) || route.Template == RouteTemplates.NotFound ? HttpStatusCode.NotFound
                    // Email is off on this site: its form is not offered, and a post to it is told so.
                    : route.Template == RouteTemplates.Subscribe ? HttpStatusCode.NotFound
                    : HttpStatusCode.OK;
                Assert.True(expected == response.StatusCode, $"{method} /{path}: {(int)response.StatusCode}");
                // The moderator's refresh runs later in the story, where its report can be checked.
                if (!route.Admin || route.Template == RouteTemplates.ManageRefresh) continue;
                using var keyed = await host.Manage.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var expectedKeyed = path.Contains("nobody", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
                Assert.True(expectedKeyed == keyed.StatusCode, $"{method} /{path} with the keys: {(int)keyed.StatusCode}");
            }
        }

        // The operator's pages need no function key (a browser cannot send one): the sign-in form, an action refused
        // without a session, and the private feed of pending registrations at its secret address only.
        using (var manage = await host.Http.GetAsync("manage"))
        {
            Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
            Assert.Contains("Admin key", await manage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.PostAsync("manage", new FormUrlEncodedContent([new("action", "approve"), new("id", "x")]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("manage/pending/guessed")).StatusCode);
        using (var pending = await host.Http.GetAsync("manage/pending/" + Clipping.Web.Manage.OperatorSession.PendingFeedToken(SiteUnderTest.AdminKey)))
        {
            Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
            Assert.Equal("application/atom+xml", pending.Content.Headers.ContentType?.MediaType);
        }

        // Moderation needs both keys: the host's function key and the app's admin key.
        using (var hostKeyOnly = new HttpRequestMessage(HttpMethod.Get, "manage/contributors"))
        {
            hostKeyOnly.Headers.Add("x-functions-key", FunctionsHostUnderTest.FunctionKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(hostKeyOnly)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await host.Manage.GetAsync("manage/contributors")).StatusCode);

        // A bad registration is a 400 that says what to fix; an unknown path is a 404.
        using (var bad = await host.Http.PostAsJsonAsync("api/contributors", new { name = "Nobody", url = "not a web address" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
            Assert.Contains("'not a web address' is not a web address", error, StringComparison.Ordinal);
        }
        using (var missing = await host.Http.GetAsync("no/such/page"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("There is nothing at /no/such/page on this site.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("topics/no-such-topic")).StatusCode);

        // The WebSub callback is reached through the host, anonymously: a verification or delivery for a subscription
        // Clipping never made is refused (the subscribing itself is tested on the self-host, with a hub).
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("websub/0123abcd?hub.mode=subscribe&hub.topic=http%3A%2F%2Fa.example%2F&hub.challenge=x")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await host.Http.PostAsync("websub/0123abcd", new StringContent("<rss/>"))).StatusCode);

        // Contributors register through the registration function and are approved through the moderation functions.
        var store = TableStorage.CreateStore(prefix);
        await blogs.RegisterAllAsync(host.Http, host.Manage, store, DateTimeOffset.UtcNow);

        // First refresh, by the timer function, which queues the run's batches for the queue function: 9 clippings.
        var firstSeenFrom = DateTimeOffset.UtcNow;
        var (_, firstRun) = await host.RunRefreshAsync();
        var firstSeenTo = DateTimeOffset.UtcNow;
        Assert.Matches(ReportLine(polled: 8, failed: 2), firstRun);
        await FixtureStory.AssertFirstRunAsync(host.Http, firstSeenFrom, firstSeenTo);
        await FixtureStory.AssertFirstRunFailuresAsync(host.Http, host.Manage);

        // Pages and feeds come from cache with validators: asked again with them, the answer is 304.
        foreach (var path in new[] { "", "rss.xml", "atom.xml", "feed.json", "opml.xml" })
        {
            using var first = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.NotNull(first.Headers.ETag);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var notModified = await host.Http.SendAsync(again);
            Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"/{path}: {(int)notModified.StatusCode}");
        }
        var opml = await host.Http.GetStringAsync("opml.xml");
        foreach (var name in new[] { FixtureBlogs.Rich, FixtureBlogs.Phil, FixtureBlogs.SocialReporter }) Assert.Contains(name, opml, StringComparison.Ordinal);

        // Second refresh with the sector news site's new feed: 10 clippings, unchanged feeds asked conditionally.
        blogs.UseVolOrg(2);
        server.ClearLog();
        var (_, secondRun) = await host.RunRefreshAsync();
        Assert.Matches(@"1 new, 1 updated", secondRun);
        await FixtureStory.AssertSecondRunAsync(host.Http);

        // Pages and feeds come compressed through the host too (compressed once, when rendered).
        foreach (var path in new[] { "", "rss.xml", "tags/localism" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd("br");
            using var compressed = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
            Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        }
        Assert.Equal([304], server.StatusesFor("/rich/feed/"));
        Assert.Equal([304], server.StatusesFor("/phil/feeds/posts/default"));
        Assert.Equal([200], server.StatusesFor("/volorg/news.rss"));

        // A moderator's refresh over HTTP is queued like the timer's (202, with the run to follow on /status) and finds
        // nothing new; removing a contributor takes them off the moderation list.
        using (var refreshed = await host.Manage.PostAsync("manage/refresh", null))
        {
            var body = await refreshed.Content.ReadAsStringAsync();
            Assert.True(refreshed.StatusCode == HttpStatusCode.Accepted, body);
            Assert.Equal("/status", refreshed.Headers.Location?.OriginalString);
            var queued = JsonDocument.Parse(body).RootElement;
            Assert.True(queued.GetProperty("batchesQueued").GetInt32() > 0, body);
            var runId = queued.GetProperty("runId").GetString()!;
            await host.WaitForAsync(() => FunctionsHostUnderTest.FinishedLine(host.Log, runId) is not null, TimeSpan.FromSeconds(60), "the moderator's run to finish");
            Assert.Contains("; 0 new, 0 updated, 0 merged;", FunctionsHostUnderTest.FinishedLine(host.Log, runId), StringComparison.Ordinal);
        }
        var halfAFeed = (await FixtureStory.ContributorsAsync(host.Manage))[FixtureBlogs.HalfAFeed].GetProperty("id").GetString();
        using (var removed = await host.Manage.PostAsync($"manage/contributors/{halfAFeed}/remove", null))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            Assert.Equal("removed", JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        await FixtureStory.AssertNothingLeakedAsync(host.Http);
        Assert.DoesNotContain("is in error", host.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", host.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_deployment_refreshes_once_at_start_up_however_many_instances_start()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/rich/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml; charset=UTF-8");
        server.Serve("/phil/feeds/posts/default", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml; charset=UTF-8");
        var prefix = TableStorage.UniquePrefix();
        var store = TableStorage.CreateStore(prefix);
        await store.InitializeAsync(CancellationToken.None);
        foreach (var (name, path) in new[] { ("Rich", "/rich/feed/"), ("Phil", "/phil/feeds/posts/default") })
        {
            var url = server.UrlOf(path).AbsoluteUri;
            await store.AddContributorAsync(new Contributors.Contributor(Contributors.ContributorIds.ForFeed(url), name, null, url,
                Contributors.ContributorStatus.Approved, Contributors.FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, Contributors.FeedState.New), CancellationToken.None);
        }

        // Two instances of one app (one host id, one storage account) start together on a store never refreshed. Whether
        // their claims really meet at the same moment depends on the machine's load; the store contract tests race the
        // claim itself, and this test shows the whole: one start-up refresh, seen by both, none on a restart.
        var settings = new Dictionary<string, string> { ["Clipping__Storage__TablePrefix"] = prefix };
        var hostId = "t" + Guid.NewGuid().ToString("N")[..30];
        var starting = new[] { FunctionsHostUnderTest.StartAsync(settings, hostId: hostId), FunctionsHostUnderTest.StartAsync(settings, hostId: hostId) };
        await Task.WhenAll(starting.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        if (starting.Any(t => !t.IsCompletedSuccessfully))
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await (await started).DisposeAsync();
            await starting.First(t => !t.IsCompletedSuccessfully);
        }
        await using var first = await starting[0];
        await using var second = await starting[1];

        await first.ExplainFailuresAsync(() => ExpectOneStartUpRefreshAsync(server, first, second, settings, hostId));
    }

    private static async Task ExpectOneStartUpRefreshAsync(
        FeedServer server, FunctionsHostUnderTest first, FunctionsHostUnderTest second, Dictionary<string, string> settings, string hostId)
    {
        // With no timer run, the page fills: Rich's tagged post and Phil's two.
        await first.WaitForAsync(async () => (await FixtureStory.PageAsync(first.Http)).Count == 3, TimeSpan.FromSeconds(60), "the start-up refresh's clippings");
        await second.WaitForAsync(async () => (await FixtureStory.PageAsync(second.Http)).Count == 3, TimeSpan.FromSeconds(30), "the other instance to show them");
        Assert.Equal([200], server.StatusesFor("/rich/feed/"));
        Assert.Equal([200], server.StatusesFor("/phil/feeds/posts/default"));

        // A restart (or a third instance) finds the last run recent and leaves the feeds alone until the schedule says.
        await using (var restarted = await FunctionsHostUnderTest.StartAsync(settings, hostId: hostId))
        {
            Assert.Equal(3, (await FixtureStory.PageAsync(restarted.Http)).Count);
            // The start-up check is one read of the store, made as soon as the store is ready, which the page above needed
            // too; its decision is not visible from outside (the worker's own logs outside an invocation do not reach the
            // host's console), so the test gives it ample time to have fetched the feeds if it were going to.
            await Task.Delay(TimeSpan.FromSeconds(8));
            // The runs recorded in the store, which every instance's status page shows: still only the one.
            var runs = await restarted.Http.GetStringAsync("status");
            Assert.Equal(1, runs.Split("finished in", StringSplitOptions.None).Length - 1);
        }
        Assert.Equal([200], server.StatusesFor("/rich/feed/"));
        Assert.Equal([200], server.StatusesFor("/phil/feeds/posts/default"));
    }

    [Fact]
    public async Task Under_the_Functions_host_a_forwarded_for_header_buys_no_new_allowance()
    {
        // The Functions host replaces X-Forwarded-For with the address it was reached from, which the worker takes as
        // the client's; what a client writes in the header itself must not count as another client.
        await using var host = await FunctionsHostUnderTest.StartAsync(new Dictionary<string, string> { ["Clipping__Registration__MaxPerClient"] = "1" });
        async Task<HttpStatusCode> RegisterFromAsync(string? claimed)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/contributors") { Content = JsonContent.Create(new { name = "Ann", url = "not an address" }) };
            if (claimed is not null) request.Headers.Add("X-Forwarded-For", claimed);
            using var response = await host.Http.SendAsync(request);
            return response.StatusCode;
        }

        await host.ExplainFailuresAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, await RegisterFromAsync("203.0.113.1"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync("203.0.113.2"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync(null));
        });
    }

    [Fact]
    public async Task The_backup_timer_writes_a_verified_site_archive_to_blob_storage_keeping_the_newest()
    {
        var prefix = TableStorage.UniquePrefix();
        var store = TableStorage.CreateStore(prefix);
        await Storage.ArchiveContractTests.FillAsync(store);
        var containerName = prefix.ToLowerInvariant() + "-backups";
        await using var host = await FunctionsHostUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Clipping__Storage__TablePrefix"] = prefix,
            ["Clipping__Backup__Container"] = containerName,
            ["Clipping__Backup__Keep"] = "2",
        });

        await host.ExplainFailuresAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await host.RunTimerAsync("Backup");
                await Task.Delay(1100); // backups are named by the second they were taken
            }
        });

        var container = new Azure.Storage.Blobs.BlobContainerClient(TableStorage.ConnectionString, containerName);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None)) names.Add(blob.Name);
        Assert.Equal(2, names.Count);
        Assert.All(names, n => Assert.Matches(@"^clipping-\d{8}-\d{6}\.jsonl\.gz$", n));
        using var folder = new TempDirectory();
        var archive = Path.Combine(folder.Path, "backup.jsonl.gz");
        await container.GetBlobClient(names.Max(StringComparer.Ordinal)).DownloadToAsync(archive);
        var header = await Clipping.Storage.Archive.ArchiveFile.VerifyAsync(archive, CancellationToken.None);
        Assert.Equal(await Clipping.Storage.Archive.StoreTransfer.TallyAsync(store, false, CancellationToken.None), header.Records);
        var last = await Clipping.Storage.Backups.BackupLog.LastAsync(store, CancellationToken.None);
        Assert.NotNull(last);
        Assert.True(last.Verified, last.Summary);
        Assert.EndsWith(names.Max(StringComparer.Ordinal)!, last.Where, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_written_by_a_newer_Clipping_stops_the_app_and_is_left_as_it_was()
    {
        var prefix = TableStorage.UniquePrefix();
        var store = TableStorage.CreateStore(prefix);
        await store.InitializeAsync(CancellationToken.None);
        var contributors = new Azure.Data.Tables.TableServiceClient(TableStorage.ConnectionString).GetTableClient(prefix + "Contributors");
        await contributors.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("meta", "views") { ["Version"] = 99 });

        await using var host = await FunctionsHostUnderTest.StartAsync(new Dictionary<string, string> { ["Clipping__Storage__TablePrefix"] = prefix }, waitUntilServing: false);

        await host.WaitForAsync(() => host.Log.Contains("was written by a newer Clipping (store layout version 99; this Clipping knows up to version 2)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the worker to refuse the store");
        // Not serving the page: the host is either not listening yet or answers for a worker that is not there.
        try
        {
            using var response = await host.Http.GetAsync("");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        catch (HttpRequestException)
        {
        }
        Assert.Equal(99, (await contributors.GetEntityAsync<Azure.Data.Tables.TableEntity>("meta", "views")).Value.GetInt32("Version"));
        await Assert.ThrowsAsync<StoreVersionException>(() => TableStorage.CreateStore(prefix).InitializeAsync(CancellationToken.None));
    }

    private static string ReportLine(int polled, int failed) => $@"Refresh run \S+ finished: {polled} feeds, \d+ fetched, \d+ not modified, {failed} failed";

    /// <summary>An address a route template stands for, with sample values in its parameters (a search's feed needs words).</summary>
    internal static string SamplePath(string template) => (template.EndsWith("search/{feed}", StringComparison.Ordinal) ? template + "?q=libraries" : template)
        .Replace("{slug}", "big-society", StringComparison.Ordinal)
        .Replace("{id}", "nobody", StringComparison.Ordinal)
        .Replace("{tag}", "libraries", StringComparison.Ordinal)
        .Replace("{year:int}", "2010", StringComparison.Ordinal)
        .Replace("{month:int}", "10", StringComparison.Ordinal)
        .Replace("{feed}", "rss.xml", StringComparison.Ordinal)
        .Replace("{week}", "2010-W42", StringComparison.Ordinal)
        .Replace("{token}", "nobody.secret", StringComparison.Ordinal)
        .Replace("{*path}", "no/such/page", StringComparison.Ordinal);
}

/// <summary>Functions hosts are heavy (a host and a worker process each): their tests take turns.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection
{
    public const string Name = "Functions host";

}
