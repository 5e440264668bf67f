using System.Net;
using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Host;

/// <summary>
/// Moving a site between stores with the <c>clipping store</c> commands, as processes: what readers see is the same
/// after the move, and a copy killed at any moment and run again ends identical to its source.
/// </summary>
[Collection(EndToEnd.FunctionsHostCollection.Name)]
public sealed class StoreMoveTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FeedServer _server = default!;
    private Dictionary<string, string> _sqlite = default!;
    private Dictionary<string, string> _tables = default!;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.Serve("/rich/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        _server.Serve("/phil/", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml");
        // One address for the site whichever store it runs on: its pages and feeds carry absolute links.
        _sqlite = new Dictionary<string, string>(ClippingProcess.Environment(_data.Path))
        {
            ["Clipping__Site__BaseUrl"] = "https://clipping.example/",
            // Set here, as the self-host's appsettings.json sets them and the Functions app has none of its own.
            ["Clipping__Site__Title"] = "Big Society clippings",
            ["Clipping__Site__Description"] = "Posts tagged Big Society from several blogs, gathered in one place.",
        };
        _tables = new Dictionary<string, string>(_sqlite)
        {
            ["Clipping__Storage__ConnectionString"] = TableStorage.ConnectionString,
            ["Clipping__Storage__TablePrefix"] = TableStorage.UniquePrefix(),
        };
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private string Database => Path.Combine(_data.Path, "clipping.db");

    [Fact]
    public async Task A_site_moved_to_Table_Storage_serves_the_same_pages_feeds_and_status_with_the_same_ETags_and_polls_on_with_304s()
    {
        foreach (var (name, path) in new[] { ("Rich", "/rich/"), ("Phil", "/phil/") })
        {
            var add = await ClippingProcess.RunAsync(_sqlite, "contributors", "add", "--name", name, "--url", _server.UrlOf(path).AbsoluteUri, "--approve");
            Assert.True(add.ExitCode == 0, add.Error);
        }
        var refresh = await ClippingProcess.RunAsync(_sqlite, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);

        // Every kind of page and feed: the front page, the topic's feeds, a contributor's, a tag's, a month's, a search's, the status page.
        var store = new SqliteClippingStore(Database);
        var contributor = (await store.GetContributorsAsync(CancellationToken.None))[0].Id;
        var newest = (await store.GetClippingsAsync("big-society", 1, null, CancellationToken.None)).Items.Single();
        var month = $"/archive/{newest.Published.UtcDateTime:yyyy}/{newest.Published.UtcDateTime:MM}";
        var tag = Clipping.Topics.TagKey.Of(newest.Tags[0]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        string[] paths =
        [
            "/", "/rss.xml", "/atom.xml", "/feed.json", "/opml.xml", "/status", "/archive", month, month + "/rss.xml",
            $"/contributors/{contributor}", $"/contributors/{contributor}/atom.xml", $"/tags/{tag}", $"/tags/{tag}/feed.json",
            "/search?q=society", "/search/rss.xml?q=society",
        ];

        var before = await ServeAsync(_sqlite, paths);
        var copy = await ClippingProcess.RunAsync(_tables, "store", "copy", "--from", Database, "--to", TableStorage.ConnectionString);
        Assert.True(copy.ExitCode == 0, copy.Output + copy.Error);
        var after = await ServeAsync(_tables, paths);

        foreach (var path in paths)
        {
            Assert.True(before[path].Status == HttpStatusCode.OK, $"{path}: {before[path].Status}");
            Assert.True(before[path].Body == after[path].Body, $"{path} differs after the move:\n--- before\n{before[path].Body}\n--- after\n{after[path].Body}");
            Assert.Equal(before[path].ETag, after[path].ETag);
        }
        // The Functions app on the moved store serves the same, as Azure would run it.
        await using (var functions = await FunctionsHostUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Clipping__Storage__TablePrefix"] = _tables["Clipping__Storage__TablePrefix"],
            ["Clipping__Site__BaseUrl"] = _tables["Clipping__Site__BaseUrl"],
            ["Clipping__Site__Title"] = _tables["Clipping__Site__Title"],
            ["Clipping__Site__Description"] = _tables["Clipping__Site__Description"],
        }))
        {
            foreach (var path in paths)
            {
                using var response = await functions.Http.GetAsync(path.TrimStart('/'));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(before[path].Body == body, $"{path} differs under the Functions host:\n--- before\n{before[path].Body}\n--- after\n{body}");
                Assert.Equal(before[path].ETag, response.Headers.ETag?.Tag);
            }
        }
        var next = await ClippingProcess.RunAsync(_tables, "refresh");
        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains("2 not modified", next.Output, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, (HttpStatusCode Status, string? ETag, string Body)>> ServeAsync(IReadOnlyDictionary<string, string> environment, IEnumerable<string> paths)
    {
        var site = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        await using var serve = ClippingProcess.Start(new Dictionary<string, string>(environment) { ["Clipping__Refresh__RunOnStartup"] = "false" }, "serve", "--urls", site.AbsoluteUri.TrimEnd('/'));
        using var client = new HttpClient { BaseAddress = site };
        await serve.WaitUntilAnsweringAsync(client, new Uri(site, "health"));
        var pages = new Dictionary<string, (HttpStatusCode, string?, string)>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path.TrimStart('/'));
            pages[path] = (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
        }
        return pages;
    }

    private static async Task<long> PositionAsync(IStoreContents target) =>
        long.TryParse(await target.GetNoteAsync(StoreNotes.TransferPosition, CancellationToken.None), out var position) ? position : 0;

    private static async Task<bool> UnderWayAsync(IStoreContents target)
    {
        try
        {
            await target.InitializeAsync(CancellationToken.None);
            return await target.GetNoteAsync(StoreNotes.Transfer, CancellationToken.None) is not null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false; // the copy is creating the file this instant
        }
    }

    /// <summary>
    /// SQLite's own copy at full size; Table Storage at a size Azurite writes in seconds (the emulator takes about a
    /// millisecond a row). The first kill comes that many seconds after the copy has marked the target as under way, each
    /// later one that long after its run has written past where the run before it was killed.
    /// </summary>
    public static TheoryData<string, int, int, double[]> Copies => new()
    {
        { "SQLite", 10_000, 1000, [0, 0.05, 0.1, 0.15, 0.2] },
        { "Table Storage", 800, 50, [0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public async Task A_copy_killed_at_five_moments_and_run_again_ends_identical_to_its_source(string to, int clippings, int contributors, double[] moments)
    {
        var source = new SqliteClippingStore(Database);
        await source.InitializeAsync(CancellationToken.None);
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < contributors; c++)
        {
            await source.AddContributorAsync(new Clipping.Contributors.Contributor($"c{c:D4}", $"Blogger {c}", $"https://b{c}.example/", $"https://b{c}.example/feed/",
                Clipping.Contributors.ContributorStatus.Approved, Clipping.Contributors.FeedMode.TaggedPosts, null, now, new Clipping.Contributors.FeedState(ETag: $"\"{c}\"")), CancellationToken.None);
        }
        foreach (var chunk in Enumerable.Range(0, clippings).Chunk(1000))
        {
            await source.SaveSightingsAsync("big-society", [.. chunk.Select(i => ClippingMergerTests.Sighting($"c{i % contributors:D4}", $"https://b{i % contributors}.example/{i}", now.AddMinutes(-i), title: $"Post {i}", tags: ["Big Society", $"theme {i % 40}"]))], CancellationToken.None);
        }
        var (target, destination) = to == "SQLite"
            ? ((IStoreContents)new SqliteClippingStore(Path.Combine(_data.Path, "copy", "clipping.db")), Path.Combine(_data.Path, "copy", "clipping.db"))
            : (TableStorage.CreateStore(_tables["Clipping__Storage__TablePrefix"]), TableStorage.ConnectionString);
        string[] copy = ["store", "copy", "--from", Database, "--to", destination];

        var interrupted = 0;
        var positions = new List<long>();
        foreach (var moment in moments)
        {
            var before = positions.Count == 0 ? -1 : positions[^1];
            await using (var running = ClippingProcess.Start(_tables, copy))
            {
                // The first run is killed that long after it marks the target; each rerun, that long after it has
                // written a batch of its own, past where the one before it stopped.
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (!(await UnderWayAsync(target) && (before < 0 || await PositionAsync(target) > before)) && !running.HasExited)
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the copy never began or never moved on:\n" + running.Output);
                    await Task.Delay(5);
                }
                await Task.Delay(TimeSpan.FromSeconds(moment));
            } // disposing kills it: SIGKILL, no chance to tidy up
            if (!await UnderWayAsync(target)) break; // it finished before the kill
            interrupted++;
            positions.Add(await PositionAsync(target));
        }
        var last = await ClippingProcess.RunAsync(_tables, TimeSpan.FromMinutes(3), copy);

        Assert.True(interrupted >= 3, $"only {interrupted} of the kills fell in the middle of a copy");
        Assert.True(last.ExitCode == 0, last.Output + last.Error);
        Assert.Contains("Verified", last.Output, StringComparison.Ordinal);
        // Each run went on from where the one before it was killed instead of starting over.
        Assert.Equal(positions.Order(), positions);
        Assert.True(positions[^1] > 0, $"no run was killed after writing a batch: {string.Join(", ", positions)}");
        Assert.True(last.Output.Contains($"went on after the {positions[^1]:N0} records an interrupted run had written", StringComparison.Ordinal), $"positions {string.Join(", ", positions)}:\n{last.Output}");
        var expected = await StoreTransfer.TallyAsync(source, false, CancellationToken.None);
        Assert.Equal(clippings, expected["clipping"].Count);
        Assert.Equal(expected, await StoreTransfer.TallyAsync(target, false, CancellationToken.None));
        Assert.Equal(clippings, await ((IClippingStore)target).CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Null(await target.GetNoteAsync(StoreNotes.Transfer, CancellationToken.None));
    }
}
