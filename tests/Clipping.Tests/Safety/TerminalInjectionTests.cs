using System.Net.Http.Json;
using System.Text.Json;
using Clipping.Contributors;
using Clipping.Storage.Sqlite;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Safety;

/// <summary>
/// Names and error texts come from strangers (registrations) and from hostile servers (page titles quoted in errors);
/// none of it may forge a line or move the cursor in the operator's terminal.
/// </summary>
public sealed class TerminalInjectionTests : IAsyncLifetime
{
    private const string Escape = "\u001b";
    private readonly TempDirectory _data = new();
    private FeedServer _server = default!;
    private Dictionary<string, string> _environment = default!;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        _server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        // A page where a feed was, whose title the error quotes.
        _server.Serve("/moved/", System.Text.Encoding.UTF8.GetBytes(
            $"<html><head><title>Moved{Escape}[2J{Escape}[H\nclipping: all feeds ok\r\n\u202Eevil</title></head><body></body></html>"), "text/html; charset=utf-8");
        _environment = ClippingProcess.Environment(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_registered_name_keeps_its_words_and_loses_its_control_characters()
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var response = await site.Http.PostAsJsonAsync("api/contributors",
            new { name = $"Ann{Escape}[2J\r\nroot\tALL \u202Eevil\u0007", url = _server.UrlOf("/feed/").AbsoluteUri });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var json = JsonDocument.Parse(await site.Admin.GetStringAsync("manage/contributors")).RootElement;
        Assert.Equal("Ann [2J root ALL evil", Assert.Single(json.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_operator_s_commands_print_hostile_text_as_visible_escapes_one_line_each()
    {
        // One contributor as an older version might have stored it (name uncleaned), one whose feed is now a page
        // with a hostile title.
        var store = new SqliteClippingStore(Path.Combine(_data.Path, "clipping.db"));
        await store.InitializeAsync(CancellationToken.None);
        var legacy = _server.UrlOf("/feed/").AbsoluteUri;
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(legacy), $"Old{Escape}[31m\nforged line", null, legacy,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), CancellationToken.None);
        var moved = _server.UrlOf("/moved/").AbsoluteUri;
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(moved), "Moved", null, moved,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var refresh = await ClippingProcess.RunAsync(_environment, "refresh");
        var list = await ClippingProcess.RunAsync(_environment, "contributors", "list");

        foreach (var output in new[] { refresh.Output, list.Output })
        {
            Assert.DoesNotContain(Escape, output, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", output, StringComparison.Ordinal);
            Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("forged line", StringComparison.Ordinal) || line.StartsWith("clipping: all feeds ok", StringComparison.Ordinal));
        }
        Assert.Contains("Old\\x1B[31m\\x0Aforged line", list.Output, StringComparison.Ordinal);
        Assert.Equal(2, list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // The error quoting the page's title was cleaned where it entered.
        Assert.Contains("Moved [2J [H clipping: all feeds ok evil", list.Output, StringComparison.Ordinal);
    }
}
