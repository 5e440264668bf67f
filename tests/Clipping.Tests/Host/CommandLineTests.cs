using System.Text.Json;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Host;

/// <summary>The operator's commands, run as processes against a scratch data folder and feeds on loopback.</summary>
public sealed partial class CommandLineTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FeedServer _server = default!;
    private Dictionary<string, string> _environment = default!;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        _environment = ClippingProcess.Environment(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Register_approve_refresh_and_export()
    {
        var add = await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("Registered Rich", add.Output);
        Assert.Contains("pending", add.Output);
        Assert.Contains("3 posts in the feed, 1 matches", add.Output);

        var approve = await ClippingProcess.RunAsync(_environment, "contributors", "approve", "Rich");
        Assert.True(approve.ExitCode == 0, approve.Error);
        Assert.Contains("is now approved", approve.Output);

        var list = await ClippingProcess.RunAsync(_environment, "contributors", "list");
        Assert.Contains("approved", list.Output);
        Assert.Contains(_server.UrlOf("/feed/").AbsoluteUri, list.Output);

        var refresh = await ClippingProcess.RunAsync(_environment, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Contains("1 fetched", refresh.Output);
        Assert.Contains("1 new", refresh.Output);

        var export = await ClippingProcess.RunAsync(_environment, "contributors", "export", "-");
        Assert.Contains("<opml", export.Output);
        Assert.Contains("xmlUrl=\"" + _server.UrlOf("/feed/").AbsoluteUri + "\"", export.Output);
    }

    [Fact]
    public async Task The_operator_s_commands_are_not_held_to_the_pending_cap_strangers_are()
    {
        var environment = new Dictionary<string, string>(_environment) { ["Clipping__Registration__MaxPending"] = "0" };
        var add = await ClippingProcess.RunAsync(environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("pending", add.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reads_the_same_settings_as_the_refresh()
    {
        var environment = new Dictionary<string, string>(_environment) { ["Clipping__Parsing__MaxPostsPerFeed"] = "2" };
        var check = await ClippingProcess.RunAsync(environment, "check", Path.Combine(Fixtures.FeedsDirectory, "rich-wordpress.rss.xml"), "--json");
        Assert.True(check.ExitCode == 0, check.Error);
        var json = JsonDocument.Parse(check.Output).RootElement;
        Assert.Equal(2, json.GetProperty("items").GetArrayLength());
        Assert.Contains(json.GetProperty("feed").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("kept the first 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_explains_each_post_as_json()
    {
        var check = await ClippingProcess.RunAsync(_environment, "check", Path.Combine(Fixtures.FeedsDirectory, "rich-wordpress.rss.xml"), "--json");
        Assert.True(check.ExitCode == 0, check.Error);
        var json = JsonDocument.Parse(check.Output).RootElement;
        Assert.Equal("Man of letters & numbers", json.GetProperty("feed").GetProperty("title").GetString());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);

        var gaps = items.Single(i => i.GetProperty("title").GetString()!.Contains("gaps", StringComparison.Ordinal));
        Assert.True(gaps.GetProperty("matches").GetProperty("big-society").GetBoolean());
        Assert.Equal("2010-10-18T07:30:52Z", gaps.GetProperty("published").GetString());
        Assert.Equal(["Rich"], gaps.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("Big Society", gaps.GetProperty("tags").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("tagged 'Big Society'", gaps.GetProperty("reason").GetString());

        var weekend = items.Single(i => i.GetProperty("title").GetString()!.StartsWith("Weekend", StringComparison.Ordinal));
        Assert.False(weekend.GetProperty("matches").GetProperty("big-society").GetBoolean());
        Assert.Contains("'Links'", weekend.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Failures_exit_non_zero_with_one_line_on_standard_error()
    {
        var missing = await ClippingProcess.RunAsync(_environment, "contributors", "approve", "nobody");
        Assert.NotEqual(0, missing.ExitCode);
        var line = Assert.Single(missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("No contributor", line);

        var refused = await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "X", "--url", "ftp://example.org/feed");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("http://", refused.Error);

        var notAFeed = await ClippingProcess.RunAsync(_environment, "check", Path.Combine(Fixtures.FeedsDirectory, "not-a-feed.html"));
        Assert.NotEqual(0, notAFeed.ExitCode);
        Assert.Contains("503 Service Unavailable", notAFeed.Error);

        var badZone = await ClippingProcess.RunAsync(new Dictionary<string, string>(_environment) { ["Clipping__Site__TimeZone"] = "Mars/Olympus_Mons" }, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, badZone.ExitCode);
        Assert.Equal("clipping: Clipping:Site:TimeZone 'Mars/Olympus_Mons' is not a time zone this machine knows: use an IANA name such as Europe/London or America/New_York, or UTC.",
            Assert.Single(badZone.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        // Email set up without the site's address (every link in a mail needs it), or with a sender that is no address.
        var email = new Dictionary<string, string>(_environment) { ["Clipping__Email__Smtp__Host"] = "smtp.example.org", ["Clipping__Email__From"] = "clippings@example.org" };
        var noAddress = await ClippingProcess.RunAsync(email, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, noAddress.ExitCode);
        Assert.Equal("clipping: Clipping:Email needs Clipping:Site:BaseUrl, the site's public address (like https://clippings.example.org), for the links in every mail.",
            Assert.Single(noAddress.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        email["Clipping__Site__BaseUrl"] = "https://clippings.example.org/";
        email["Clipping__Email__From"] = "Clippings <not an address>";
        var badSender = await ClippingProcess.RunAsync(email, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, badSender.ExitCode);
        Assert.Contains("Clipping:Email:From 'Clippings <not an address>' is not a mail address", badSender.Error);
        email["Clipping__Email__From"] = "clippings@example.org";
        email["Clipping__Email__Schedule"] = "at seven";
        var badSchedule = await ClippingProcess.RunAsync(email, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, badSchedule.ExitCode);
        Assert.Contains("Clipping:Email:Schedule 'at seven' is not a six-field NCRONTAB expression", badSchedule.Error);
    }

    [Fact]
    public async Task Feeds_are_never_fetched_through_the_environment_s_proxy()
    {
        // A proxy would be handed the feed's host name unchecked (the connect-time guard would see only the proxy's
        // address), so the fetcher uses none. This "proxy" answers any request it is sent with a feed of its own.
        await using var proxy = await FeedServer.StartAsync();
        proxy.Serve("/feed/", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml");
        var environment = new Dictionary<string, string>(_environment);
        foreach (var variable in new[] { "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy" }) environment[variable] = proxy.BaseUrl.AbsoluteUri;
        environment["NO_PROXY"] = environment["no_proxy"] = "";
        var url = new UriBuilder(_server.UrlOf("/feed/")) { Host = "localhost" }.Uri;

        var check = await ClippingProcess.RunAsync(environment, "check", url.AbsoluteUri, "--json");

        Assert.True(check.ExitCode == 0, check.Error);
        Assert.Contains("falling through the gaps", check.Output, StringComparison.Ordinal);
        Assert.Empty(proxy.StatusesFor("/feed/"));
        Assert.Equal([200], _server.StatusesFor("/feed/"));
    }

    [Fact]
    public async Task A_newcomer_s_commands_say_what_they_found_in_a_line_each()
    {
        var empty = await ClippingProcess.RunAsync(_environment, "contributors", "list");
        Assert.Equal(0, empty.ExitCode);
        Assert.StartsWith("No contributors yet.", empty.Output, StringComparison.Ordinal);

        var missing = await ClippingProcess.RunAsync(_environment, "check", "no-such-feed.xml");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("clipping: No such file: no-such-feed.xml (give a feed's file, or its http:// or https:// address).", missing.Error.Trim());

        // --json always prints JSON: a failure is an object with an error.
        var json = await ClippingProcess.RunAsync(_environment, "check", "no-such-feed.xml", "--json");
        Assert.Equal(1, json.ExitCode);
        Assert.StartsWith("No such file", JsonDocument.Parse(json.Output).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        // A refusal that a setting would lift names the setting.
        var port = await ClippingProcess.RunAsync(new Dictionary<string, string>(_environment) { ["Clipping__Fetch__AllowAnyPort"] = "false" }, "check", _server.UrlOf("/feed/").AbsoluteUri);
        Assert.Equal(1, port.ExitCode);
        Assert.Contains($"Port {_server.UrlOf("/").Port} is not allowed", port.Error, StringComparison.Ordinal);
        Assert.Contains("Clipping__Fetch__AllowedPorts", port.Error, StringComparison.Ordinal);

        // A busy port: one line, no stack trace.
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)busy.LocalEndpoint).Port}";
        var serve = await ClippingProcess.RunAsync(_environment, "serve", "--urls", address);
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains($"Store: the SQLite file {Path.Combine(_data.Path, "clipping.db")}", serve.Output, StringComparison.Ordinal);
        Assert.Equal($"clipping: {address}: address already in use: another program is listening there. Stop it, or choose another address with --urls http://localhost:8080.",
            Assert.Single(serve.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var badUrls = await ClippingProcess.RunAsync(_environment, "serve", "--urls", "nonsense");
        Assert.Equal(1, badUrls.ExitCode);
        Assert.Contains("--urls takes addresses to listen on", Assert.Single(badUrls.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_reports_once_on_standard_output_in_natural_order_and_import_approve_approves_what_waits()
    {
        _server.Serve("/blog-2/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        _server.Serve("/blog-10/", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml");
        var pending = await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "Blog 10", "--url", _server.UrlOf("/blog-10/").AbsoluteUri);
        Assert.True(pending.ExitCode == 0, pending.Error);
        var opml = Path.Combine(_data.Path, "feeds.opml");
        await File.WriteAllTextAsync(opml, $"""
            <opml version="2.0"><body>
              <outline type="rss" text="Blog 10" xmlUrl="{_server.UrlOf("/blog-10/").AbsoluteUri}"/>
              <outline type="rss" text="Blog 2" xmlUrl="{_server.UrlOf("/blog-2/").AbsoluteUri}"/>
            </body></opml>
            """);
        var import = await ClippingProcess.RunAsync(_environment, "contributors", "import", opml, "--approve");
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("Approved Blog 10", import.Output, StringComparison.Ordinal);
        // Blog 2's feed was read to check it; its post is kept, and the first refresh only asks whether it changed.
        Assert.Contains("Imported 2 of 2 feeds; 1 post clipped from them already.", import.Output, StringComparison.Ordinal);

        var refresh = await ClippingProcess.RunAsync(_environment, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Single(refresh.Output.Split('\n'), l => l.StartsWith("Refreshed 2 feeds", StringComparison.Ordinal));
        Assert.DoesNotContain("Refresh finished", refresh.Error, StringComparison.Ordinal);
        var lines = refresh.Output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.True(lines.FindIndex(l => l.StartsWith("Blog 2:", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("Blog 10:", StringComparison.Ordinal)), refresh.Output);
        Assert.Contains("Blog 2: not modified", lines);
        Assert.Equal([200, 304], _server.StatusesFor("/blog-2/"));
    }

    [Fact]
    public async Task Without_a_data_directory_set_the_store_is_in_the_user_s_data_folder_wherever_the_command_runs()
    {
        using var home = new TempDirectory();
        var environment = new Dictionary<string, string>(_environment) { ["HOME"] = home.Path, ["XDG_DATA_HOME"] = Path.Combine(home.Path, "data-home") };
        environment.Remove("Clipping__DataDirectory");
        Directory.CreateDirectory(Path.Combine(home.Path, "one"));
        Directory.CreateDirectory(Path.Combine(home.Path, "two"));

        var add = await ClippingProcess.RunInAsync(Path.Combine(home.Path, "one"), environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri);
        Assert.True(add.ExitCode == 0, add.Error);
        var list = await ClippingProcess.RunInAsync(Path.Combine(home.Path, "two"), environment, "contributors", "list");
        Assert.Contains("Rich", list.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(home.Path, "data-home", "clipping", "clipping.db")));
    }

    [Fact]
    public async Task Serve_answers_its_pages_feeds_and_json_api_from_the_process()
    {
        var add = await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri, "--approve");
        Assert.True(add.ExitCode == 0, add.Error);
        var refresh = await ClippingProcess.RunAsync(_environment, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        _server.Serve("/phil/", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml");
        var site = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var environment = new Dictionary<string, string>(_environment) { ["Clipping__Admin__Key"] = "operator-key" };
        await using var serve = ClippingProcess.Start(environment, "serve", "--urls", site.AbsoluteUri.TrimEnd('/'));
        using var client = new HttpClient { BaseAddress = site };
        await serve.WaitUntilAnsweringAsync(client, new Uri(site, "health"));

        // Each page and feed carries the clipping the import stored: a handler whose result were dropped answers an
        // empty 200.
        foreach (var (path, type) in new[]
                 {
                     ("/", "text/html"), ("/rss.xml", "application/rss+xml"), ("/atom.xml", "application/atom+xml"),
                     ("/feed.json", "application/feed+json"), ("/search?q=gaps", "text/html"),
                 })
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}\n{serve.Output}");
            Assert.StartsWith(type, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.True(body.Contains("falling through the gaps", StringComparison.Ordinal), $"{path}:\n{body}");
        }
        foreach (var path in new[] { "/archive", "/status", "/opml.xml", "/register", "/site.css" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/rss.xml")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        // The JSON API reads and writes its bodies with camelCase names, errors included.
        using var registered = await client.PostAsync("/api/contributors",
            new StringContent($$"""{"name": "Phil", "url": "{{_server.UrlOf("/phil/").AbsoluteUri}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var registration = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        Assert.True(registered.StatusCode == System.Net.HttpStatusCode.Created, registration.ToString());
        Assert.Equal("pending", registration.GetProperty("status").GetString());
        Assert.Equal(_server.UrlOf("/phil/").AbsoluteUri, registration.GetProperty("feedUrl").GetString());
        Assert.StartsWith(site.AbsoluteUri, registration.GetProperty("leaveUrl").GetString(), StringComparison.Ordinal);

        using var malformed = await client.PostAsync("/api/contributors", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("JSON object expected", JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var withoutKey = await client.GetAsync("/manage/contributors");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Contains("X-Admin-Key", JsonDocument.Parse(await withoutKey.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        client.DefaultRequestHeaders.Add("X-Admin-Key", "operator-key");
        var contributors = JsonDocument.Parse(await client.GetStringAsync("/manage/contributors")).RootElement;
        Assert.Equal(["approved", "pending"], contributors.EnumerateArray().Select(c => c.GetProperty("status").GetString()).Order(StringComparer.Ordinal));
        using var refreshed = await client.PostAsync("/manage/refresh", null);
        var report = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        Assert.True(refreshed.IsSuccessStatusCode, report.ToString());
        Assert.Equal(1, report.GetProperty("feedsPolled").GetInt32());
        Assert.Equal("NotModified", report.GetProperty("feeds")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_store_written_by_a_newer_Clipping_is_refused_by_every_command_and_left_as_it_was()
    {
        Assert.Equal(0, (await ClippingProcess.RunAsync(_environment, "contributors", "list")).ExitCode);
        var file = Path.Combine(_data.Path, "clipping.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            await command.ExecuteNonQueryAsync();
        }

        foreach (var args in new[] { new[] { "serve", "--urls", "http://127.0.0.1:0" }, ["refresh"], ["contributors", "list"] })
        {
            var refused = await ClippingProcess.RunAsync(_environment, args);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("was written by a newer Clipping (store layout version 99; this Clipping knows up to version", refused.Error, StringComparison.Ordinal);
        }
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            Assert.Equal(99L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Serve_backs_the_store_up_on_its_schedule_keeping_the_newest()
    {
        Assert.Equal(0, (await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri, "--approve")).ExitCode);
        var backups = Path.Combine(_data.Path, "backups");
        var site = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var environment = new Dictionary<string, string>(_environment)
        {
            ["Clipping__Backup__Directory"] = backups,
            ["Clipping__Backup__Schedule"] = "* * * * * *",
            ["Clipping__Backup__Keep"] = "2",
        };
        await using (var serve = ClippingProcess.Start(environment, "serve", "--urls", site.AbsoluteUri.TrimEnd('/')))
        {
            using var client = new HttpClient { BaseAddress = site };
            await serve.WaitUntilAnsweringAsync(client, new Uri(site, "health"));
            // Every second, while the start-up refresh writes: the third backup's arrival means the first was pruned.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (System.Text.RegularExpressions.Regex.Matches(serve.Output, "Backup .* taken and verified").Count < 3)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), serve.Output);
                await Task.Delay(100);
            }
        }

        var kept = Directory.GetFiles(backups);
        Assert.Equal(2, kept.Length);
        Assert.All(kept, file => Assert.Matches(@"clipping-\d{8}-\d{6}\.db$", file));
        var verify = await ClippingProcess.RunAsync(_environment, "store", "verify", kept.Max(StringComparer.Ordinal)!);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("1 contributors", System.Text.RegularExpressions.Regex.Replace(verify.Output, " +", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_moves_from_sqlite_to_table_storage_and_back_through_an_archive_and_polls_on_with_304s()
    {
        Assert.Equal(0, (await ClippingProcess.RunAsync(_environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri, "--approve")).ExitCode);
        Assert.Equal(0, (await ClippingProcess.RunAsync(_environment, "refresh")).ExitCode);
        var archive = Path.Combine(_data.Path, "site.jsonl.gz");

        var export = await ClippingProcess.RunAsync(_environment, "store", "export", archive);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("1 contributors", System.Text.RegularExpressions.Regex.Replace(export.Output, " +", " "), StringComparison.Ordinal);
        Assert.Equal("", export.Error);

        var tables = new Dictionary<string, string>(_environment)
        {
            ["Clipping__Storage__ConnectionString"] = TableStorage.ConnectionString,
            ["Clipping__Storage__TablePrefix"] = TableStorage.UniquePrefix(),
        };
        var copy = await ClippingProcess.RunAsync(tables, "store", "copy", "--from", Path.Combine(_data.Path, "clipping.db"), "--to", TableStorage.ConnectionString);
        Assert.True(copy.ExitCode == 0, copy.Output + copy.Error);
        Assert.Contains("Verified", copy.Output, StringComparison.Ordinal);

        // The polling state moved with the site: the first refresh on Table Storage asks "changed since?" and hears no.
        var refresh = await ClippingProcess.RunAsync(tables, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Contains("1 not modified", refresh.Output, StringComparison.Ordinal);
        var verify = await ClippingProcess.RunAsync(tables, "store", "verify", TableStorage.ConnectionString);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);

        using var empty = new TempDirectory();
        var restored = ClippingProcess.Environment(empty.Path);
        var import = await ClippingProcess.RunAsync(restored, "store", "import", archive);
        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        Assert.Contains("Verified", import.Output, StringComparison.Ordinal);
        // The same import again finds nothing to do; another site's archive is refused.
        var again = await ClippingProcess.RunAsync(restored, "store", "import", archive);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("Nothing to do", again.Output, StringComparison.Ordinal);
        Assert.Contains("1 not modified", (await ClippingProcess.RunAsync(restored, "refresh")).Output, StringComparison.Ordinal);
        var other = Path.Combine(_data.Path, "other.jsonl.gz");
        Assert.Equal(0, (await ClippingProcess.RunAsync(ClippingProcess.Environment(Path.Combine(_data.Path, "elsewhere")), "store", "export", other)).ExitCode);
        var different = await ClippingProcess.RunAsync(restored, "store", "import", other);
        Assert.Equal(1, different.ExitCode);
        Assert.Contains("already holds a site", different.Error, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(archive, (await File.ReadAllBytesAsync(archive))[..100]);
        var verifyDamaged = await ClippingProcess.RunAsync(_environment, "store", "verify", archive);
        Assert.Equal(1, verifyDamaged.ExitCode);
        Assert.Contains("truncated", verifyDamaged.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_commands_keep_their_store_in_table_storage_when_given_a_connection_string()
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["Clipping__Storage__ConnectionString"] = TableStorage.ConnectionString,
            ["Clipping__Storage__TablePrefix"] = TableStorage.UniquePrefix(),
        };

        var add = await ClippingProcess.RunAsync(environment, "contributors", "add", "--name", "Rich", "--url", _server.UrlOf("/feed/").AbsoluteUri, "--approve");
        Assert.True(add.ExitCode == 0, add.Error);
        _server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml").Concat("<!-- changed -->"u8.ToArray()).ToArray(), "application/rss+xml");

        var refresh = await ClippingProcess.RunAsync(environment, "refresh");
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        Assert.Contains("1 fetched", refresh.Output, StringComparison.Ordinal);
        var again = await ClippingProcess.RunAsync(environment, "refresh");
        Assert.Contains("1 not modified", again.Output, StringComparison.Ordinal);

        var list = await ClippingProcess.RunAsync(environment, "contributors", "list");
        Assert.Contains(_server.UrlOf("/feed/").AbsoluteUri, list.Output, StringComparison.Ordinal);
        var stored = TableStorage.CreateStore(environment["Clipping__Storage__TablePrefix"]);
        Assert.Equal(_server.UrlOf("/feed/").AbsoluteUri, Assert.Single(await stored.GetContributorsAsync(CancellationToken.None)).FeedUrl);
        Assert.False(File.Exists(Path.Combine(_data.Path, "clipping.db")));
    }
}
