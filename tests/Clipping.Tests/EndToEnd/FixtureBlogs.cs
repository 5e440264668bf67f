using System.Net.Http.Json;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// The blogs of ../shared/fixtures/README.md on a loopback server, registered with a site under test as that README
/// lists them. Healthy feeds register through the public API, as a contributor would; the ones that are broken by
/// design are added straight to the store, as feeds that worked when registered and broke later.
/// </summary>
public sealed class FixtureBlogs
{
    public const string Rich = "Rich";
    public const string Phil = "Phil";
    public const string David = "David Wilcox (bookmarks)";
    public const string VolOrg = "Voluntary Sector News";
    public const string SocialReporter = "Social Reporter";
    public const string HalfAFeed = "Half a feed";
    public const string Down = "Down for maintenance";
    public const string Hostile = "Hostile";

    private int _downRequests;

    public FixtureBlogs(FeedServer server)
    {
        Server = server;
        server.Serve("/rich/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml; charset=UTF-8");
        server.Serve("/phil/feeds/posts/default", Fixtures.Feed("phil-blogger.atom.xml"), "application/atom+xml; charset=UTF-8");
        server.Serve("/bookmarks/davidw.rdf", Fixtures.Feed("david-bookmarks.rdf"), "application/rdf+xml");
        UseVolOrg(1);
        server.Serve("/wilcox/", Fixtures.Feed("wilcox-home.html"), "text/html; charset=UTF-8");
        server.Serve("/wilcox/tag/big-society/feed/", Fixtures.Feed("wilcox-tag-big-society.rss.xml"), "text/xml");
        server.Serve("/halfway/feed.xml", Fixtures.Feed("broken-truncated.rss.xml"), "application/rss+xml", validators: false);
        server.Serve("/hostile/feed.xml", Fixtures.Feed("xxe-billion-laughs.rss.xml"), "application/rss+xml", validators: false);
        // "served once with status 503 and once with 200"
        server.Serve("/down/feed.xml", async context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref _downRequests) == 1 ? 503 : 200;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(Fixtures.Feed("not-a-feed.html"));
        });
    }

    public FeedServer Server { get; }

    public void UseVolOrg(int version) =>
        Server.Serve("/volorg/news.rss", Fixtures.Feed($"volorg-news.v{version}.rss.xml"), "application/rss+xml");

    /// <summary>Registers every fixture contributor with <paramref name="site"/> and approves them over the moderation API.</summary>
    public Task RegisterAllAsync(SiteUnderTest site) =>
        RegisterAllAsync(site.Http, site.Admin, site.Services.GetRequiredService<IClippingStore>(), site.Clock.GetUtcNow());

    /// <summary>
    /// Registers every fixture contributor through <paramref name="site"/> (the public API) and approves each through
    /// <paramref name="manage"/> (a client that carries the moderation keys); the broken ones go straight into <paramref name="store"/>.
    /// </summary>
    public async Task RegisterAllAsync(HttpClient site, HttpClient manage, IClippingStore store, DateTimeOffset now)
    {
        await RegisterAsync(site, manage, Rich, "/rich/feed/");
        await RegisterAsync(site, manage, Phil, "/phil/feeds/posts/default");
        await RegisterAsync(site, manage, David, "/bookmarks/davidw.rdf");
        await RegisterAsync(site, manage, VolOrg, "/volorg/news.rss");
        await RegisterAsync(site, manage, SocialReporter, "/wilcox/tag/big-society/feed/", allPosts: true);
        await RegisterAsync(site, manage, HalfAFeed, "/halfway/feed.xml");
        await AddBrokenAsync(store, now, Down, "/down/feed.xml");
        await AddBrokenAsync(store, now, Hostile, "/hostile/feed.xml");
    }

    private async Task RegisterAsync(HttpClient site, HttpClient manage, string name, string path, bool allPosts = false)
    {
        using var response = await site.PostAsJsonAsync("api/contributors", new { name, url = Server.UrlOf(path).AbsoluteUri, allPosts = allPosts ? true : (bool?)null });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registering {name}: {(int)response.StatusCode} {body}");
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        using var approved = await manage.PostAsync($"manage/contributors/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, $"approving {name}: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
    }

    private async Task AddBrokenAsync(IClippingStore store, DateTimeOffset now, string name, string path)
    {
        var url = Server.UrlOf(path).AbsoluteUri;
        Assert.True(await store.AddContributorAsync(new Contributor(
            ContributorIds.ForFeed(url), name, null, url, ContributorStatus.Approved, FeedMode.TaggedPosts, null,
            now, FeedState.New), CancellationToken.None));
    }
}
