using System.Text;
using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Storage.Sqlite;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Refresh;

/// <summary>What a refresh skips: work on a feed or a post that has not changed since last time.</summary>
public sealed class FeedRefresherTests
{
    private static byte[] Feed(params (string Slug, string Text)[] posts) => Encoding.UTF8.GetBytes(
        "<rss version=\"2.0\"><channel><title>Blog</title><link>https://blog.example.org/</link>" +
        string.Concat(posts.Select(p => $"<item><title>{p.Slug}</title><link>https://blog.example.org/{p.Slug}</link><guid>{p.Slug}</guid>" +
            $"<pubDate>Mon, 18 Oct 2010 07:30:00 +0000</pubDate><category>Big Society</category><description>{p.Text}</description></item>")) +
        "</channel></rss>");

    private static byte[] FeedWithGuids(params (string Slug, string Guid, string Tag)[] posts) => Encoding.UTF8.GetBytes(
        "<rss version=\"2.0\"><channel><title>Blog</title><link>https://blog.example.org/</link>" +
        string.Concat(posts.Select(p => $"<item><title>{p.Slug}</title><link>https://blog.example.org/{p.Slug}</link><guid isPermaLink=\"false\">{p.Guid}</guid>" +
            $"<pubDate>Mon, 18 Oct 2010 07:30:00 +0000</pubDate><category>{p.Tag}</category><description>{p.Slug} text</description></item>")) +
        "</channel></rss>");

    private static async Task<(SiteUnderTest Site, IClippingStore Store, RefreshRunner Runner)> SiteWithFeedAsync(FeedServer server, string path = "/feed")
    {
        var site = await SiteUnderTest.StartAsync();
        var store = site.Services.GetRequiredService<IClippingStore>();
        var url = server.UrlOf(path).AbsoluteUri;
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Blog", null, url, ContributorStatus.Approved,
            FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        return (site, store, site.Services.GetRequiredService<RefreshRunner>());
    }

    [Fact]
    public async Task A_new_post_reusing_the_guid_of_one_read_before_is_a_clipping_of_its_own()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedWithGuids(("a", "same", "Big Society")), "application/rss+xml", validators: false);
        var (site, store, runner) = await SiteWithFeedAsync(server);
        await using var _ = site;

        await runner.RunAsync(CancellationToken.None);
        server.Serve("/feed", FeedWithGuids(("b", "same", "Big Society"), ("a", "same", "Big Society")), "application/rss+xml", validators: false);
        var second = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, second.ClippingsNew);
        // A feed that gives every post one guid: each new post is still its own clipping.
        server.Serve("/feed", FeedWithGuids(("c", "same", "Big Society"), ("b", "same", "Big Society"), ("a", "same", "Big Society")), "application/rss+xml", validators: false);
        var third = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, third.ClippingsNew);

        var page = await store.GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], page.Items.Select(c => c.Title).Order());
        Assert.Equal(["https://blog.example.org/a", "https://blog.example.org/b", "https://blog.example.org/c"], page.Items.Select(c => c.Link).Order());
    }

    [Fact]
    public async Task Posts_skipped_as_read_before_are_counted_as_they_matched_then()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedWithGuids(("a", "1", "Big Society"), ("b", "2", "Gardening")), "application/rss+xml", validators: false);
        var (site, _, runner) = await SiteWithFeedAsync(server);
        await using var _ = site;

        await runner.RunAsync(CancellationToken.None);
        server.Serve("/feed", FeedWithGuids(("c", "3", "Gardening"), ("a", "1", "Big Society"), ("b", "2", "Gardening")), "application/rss+xml", validators: false);
        var second = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(3, second.PostsSeen);
        Assert.Equal(1, second.PostsMatched);
        Assert.Equal(0, second.ClippingsNew);
    }

    [Fact]
    public async Task A_run_whose_writes_fail_does_not_mark_its_feeds_as_read()
    {
        // With validators: had the run saved the feed's ETag, the next run would get a 304 and never store the posts.
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", FeedWithGuids(("a", "1", "Big Society"), ("b", "2", "Big Society")), "application/rss+xml", validators: true);
        using var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clipping:DataDirectory"] = data.Path,
            ["Clipping:Fetch:AllowPrivateNetworks"] = "true",
            ["Clipping:Fetch:AllowAnyPort"] = "true",
            ["Clipping:Topics:0:Name"] = "Big Society",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddClippingCore(configuration);
        var inner = new SqliteClippingStore(Path.Combine(data.Path, "clipping.db"));
        var (store, recording) = RecordingStore.Around(inner);
        services.AddSingleton(store);
        services.AddSingleton<Clipping.Feeds.Fetching.IHostResolver>(new TestHosts());
        await using var provider = services.BuildServiceProvider();
        await store.InitializeAsync(CancellationToken.None);
        var url = server.UrlOf("/feed").AbsoluteUri;
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Blog", null, url, ContributorStatus.Approved,
            FeedMode.TaggedPosts, null, DateTimeOffset.UtcNow, FeedState.New), CancellationToken.None);
        var runner = provider.GetRequiredService<RefreshRunner>();

        recording.FailSaves = true;
        var failed = await Assert.ThrowsAsync<RefreshFailedException>(() => runner.RunAsync(CancellationToken.None));
        Assert.Contains("the store is down", failed.Message);
        Assert.Null((await store.GetContributorAsync(ContributorIds.ForFeed(url), CancellationToken.None))!.State.ETag);

        recording.FailSaves = false;
        var next = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, next.FeedsFetched);
        Assert.Equal(2, next.ClippingsNew);
    }

    [Fact]
    public async Task Unchanged_bytes_from_a_server_without_validators_are_not_parsed_again_and_only_changed_posts_are_saved()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Feed(("a", "one"), ("b", "two")), "application/rss+xml", validators: false);
        await using var site = await SiteUnderTest.StartAsync();
        var store = site.Services.GetRequiredService<IClippingStore>();
        var url = server.UrlOf("/feed").AbsoluteUri;
        await store.AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Blog", null, url, ContributorStatus.Approved,
            FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        var runner = site.Services.GetRequiredService<RefreshRunner>();

        var first = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(2, first.ClippingsNew);

        var same = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, same.FeedsNotModified);
        Assert.Equal(0, same.PostsSeen);

        server.Serve("/feed", Feed(("c", "three"), ("a", "one"), ("b", "two, corrected")), "application/rss+xml", validators: false);
        var changed = await runner.RunAsync(CancellationToken.None);
        Assert.Equal(1, changed.FeedsFetched);
        // Post a is skipped as read before, yet still counted as seen and matched.
        Assert.Equal(3, changed.PostsSeen);
        Assert.Equal(3, changed.PostsMatched);
        Assert.Equal(1, changed.ClippingsNew);
        Assert.Equal(1, changed.ClippingsUpdated);

        var page = await store.GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        Assert.Equal(3, page.Items.Count);
        Assert.Contains(page.Items, c => c.ExcerptText == "two, corrected");
    }
}

/// <summary>What a refresh does with a source's wrong clock and with a web page where its feed was.</summary>
public sealed class FeedRefresherEdgeTests
{
    [Fact]
    public async Task A_date_in_the_future_is_clamped_to_when_the_post_was_first_seen()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><title>Clock</title><link>https://clock.example/</link>" +
            "<item><title>From the future</title><link>https://clock.example/future</link><pubDate>Sat, 01 Jan 2039 00:00:00 GMT</pubDate><category>Big Society</category></item>" +
            "<item><title>From the past</title><link>https://clock.example/past</link><pubDate>Mon, 18 Oct 2010 07:30:00 GMT</pubDate><category>Big Society</category></item>" +
            "</channel></rss>"), "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync();
        var url = server.UrlOf("/feed").AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Clock", null, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);

        await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        var page = await site.Services.GetRequiredService<IClippingStore>().GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        Assert.Equal(site.Clock.GetUtcNow(), page.Items.Single(c => c.Title == "From the future").Published);
        Assert.Equal(new DateTimeOffset(2010, 10, 18, 7, 30, 0, TimeSpan.Zero), page.Items.Single(c => c.Title == "From the past").Published);
    }

    [Fact]
    public async Task A_web_page_where_the_feed_was_is_reported_with_the_feeds_it_names()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/blog", Fixtures.Feed("wilcox-home.html"), "text/html; charset=utf-8");
        await using var site = await SiteUnderTest.StartAsync();
        var url = server.UrlOf("/blog").AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Page", null, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);

        var report = await site.Services.GetRequiredService<RefreshRunner>().RunAsync(CancellationToken.None);
        var error = report.Feeds.Single().Error!;
        Assert.Contains("Social Reporter", error);
        Assert.Contains("https://wilcox.example.net/tag/big-society/feed/", error);
        Assert.DoesNotContain("comments", error);
    }
}

/// <summary>The conversation under a post on its own blog: shown on the page, followed as the feed changes, never news.</summary>
public sealed class CommentCountTests
{
    private static byte[] Feed(int comments, string text = "Text") => Encoding.UTF8.GetBytes(
        "<rss version=\"2.0\" xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\">" +
        "<channel><title>Blog</title><link>https://blog.example.org/</link>" +
        "<item><title>Gaps</title><link>https://blog.example.org/gaps/</link><guid>gaps</guid><pubDate>Mon, 18 Oct 2010 07:30:00 +0000</pubDate>" +
        $"<category>Big Society</category><description>{text}</description><comments>https://blog.example.org/gaps/#comments</comments>" +
        $"<wfw:commentRss>https://blog.example.org/gaps/feed/</wfw:commentRss><slash:comments>{comments}</slash:comments></item>" +
        "</channel></rss>");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task A_changed_count_is_shown_but_is_not_an_update(string store)
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Feed(3), "application/rss+xml", validators: false);
        await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
        var url = server.UrlOf("/feed").AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Blog", null, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);

        Assert.Equal(1, (await RefreshAsync(site)).GetProperty("clippingsNew").GetInt32());
        var page = await site.Http.GetStringAsync("/");
        Assert.Contains("<a href=\"https://blog.example.org/gaps/#comments\" rel=\"nofollow ugc noopener\">3 comments on the original</a>", page);
        var atomBefore = await site.Http.GetStringAsync("/atom.xml");

        site.Clock.Advance(TimeSpan.FromHours(2));
        server.Serve("/feed", Feed(4), "application/rss+xml", validators: false);
        var counted = await RefreshAsync(site);
        Assert.Equal(1, counted.GetProperty("feedsFetched").GetInt32());
        Assert.Equal(0, counted.GetProperty("clippingsUpdated").GetInt32());
        Assert.Equal(0, counted.GetProperty("clippingsNew").GetInt32());
        Assert.Contains(">4 comments on the original</a>", await site.Http.GetStringAsync("/"));
        // The feeds' item keeps its updated time: a new comment elsewhere is not a new version of the post.
        Assert.Equal(Updated(atomBefore), Updated(await site.Http.GetStringAsync("/atom.xml")));

        server.Serve("/feed", Feed(0), "application/rss+xml", validators: false);
        await RefreshAsync(site);
        Assert.DoesNotContain("on the original", await site.Http.GetStringAsync("/"));

        site.Clock.Advance(TimeSpan.FromHours(2));
        server.Serve("/feed", Feed(1, "Text, corrected"), "application/rss+xml", validators: false);
        Assert.Equal(1, (await RefreshAsync(site)).GetProperty("clippingsUpdated").GetInt32());
        Assert.Contains(">1 comment on the original</a>", await site.Http.GetStringAsync("/"));
        Assert.NotEqual(Updated(atomBefore), Updated(await site.Http.GetStringAsync("/atom.xml")));
    }

    private static async Task<System.Text.Json.JsonElement> RefreshAsync(SiteUnderTest site)
    {
        using var response = await site.Admin.PostAsync("manage/refresh", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The entry's updated times: the post's own, and the clipping's (its atom:source), which an edit moves.</summary>
    private static string Updated(string atom) => string.Join(" | ",
        System.Xml.Linq.XDocument.Parse(atom).Descendants(System.Xml.Linq.XName.Get("entry", "http://www.w3.org/2005/Atom")).Single()
            .Descendants(System.Xml.Linq.XName.Get("updated", "http://www.w3.org/2005/Atom")).Select(u => u.Value));
}
