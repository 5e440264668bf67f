using System.Net;
using System.Text.Json;
using Clipping.Refresh;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.EndToEnd;

/// <summary>
/// The story of ../shared/fixtures/README.md, told through the HTTP endpoints: the blogs are registered, three refreshes
/// run, and the page and both feeds show exactly the clippings the README expects.
/// </summary>
public sealed class JointPageTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task Three_refreshes_of_the_fixture_blogs_give_the_expected_page_and_feeds(string store)
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
        await blogs.RegisterAllAsync(site);
        var firstSeen = site.Clock.GetUtcNow();

        // First refresh: 9 clippings.
        var first = await RefreshAsync(site);
        Assert.Equal(8, first.GetProperty("feedsPolled").GetInt32());
        Assert.Equal(2, first.GetProperty("feedsFailed").GetInt32());

        await FixtureStory.AssertFirstRunAsync(site.Http, firstSeen, firstSeen);
        await FixtureStory.AssertFirstRunFailuresAsync(site.Http, site.Admin);

        // Second refresh, a quarter of an hour later, with the sector news site's new feed.
        blogs.UseVolOrg(2);
        server.ClearLog();
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = await RefreshAsync(site);
        Assert.Equal(1, second.GetProperty("clippingsNew").GetInt32());
        Assert.Equal(1, second.GetProperty("clippingsUpdated").GetInt32());

        await FixtureStory.AssertSecondRunAsync(site.Http);

        // Unchanged feeds were asked conditionally and answered 304.
        Assert.Equal([304], server.StatusesFor("/rich/feed/"));
        Assert.Equal([304], server.StatusesFor("/phil/feeds/posts/default"));
        Assert.Equal([304], server.StatusesFor("/bookmarks/davidw.rdf"));
        Assert.Equal([200], server.StatusesFor("/volorg/news.rss"));
        var contributors = await FixtureStory.ContributorsAsync(site.Admin);
        Assert.Contains("not a feed", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("503 Service Unavailable", contributors[FixtureBlogs.Down].GetProperty("lastError").GetString());

        // Third refresh, nothing changed: still 10, none updated.
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        var third = await RefreshAsync(site);
        Assert.Equal(0, third.GetProperty("clippingsNew").GetInt32());
        Assert.Equal(0, third.GetProperty("clippingsUpdated").GetInt32());
        Assert.Equal(0, third.GetProperty("clippingsMerged").GetInt32());
        Assert.Equal(10, (await FixtureStory.PageAsync(site.Http)).Count);

        await FixtureStory.AssertNothingLeakedAsync(site.Http);
    }

    [Theory]
    [InlineData("sqlite", 5)]
    [InlineData("tables", 10)]
    public async Task Two_refreshes_at_the_same_time_give_the_same_clippings_as_one(string store, int attempts)
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            blogs.UseVolOrg(1);
            await using var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
            await blogs.RegisterAllAsync(site);
            var runner = site.Services.GetRequiredService<RefreshRunner>();
            var cache = site.Services.GetRequiredService<Clipping.Publishing.RenderCache>();

            // Two runners side by side, bypassing the in-process guard, as two hosts sharing one store would.
            await Task.WhenAll(runner.RunAsync(CancellationToken.None), runner.RunAsync(CancellationToken.None));
            cache.Invalidate();
            var first = await FixtureStory.LoadFeedAsync(site.Http, "rss.xml");
            Assert.Equal(FixtureStory.FirstRunLinks, first.Items.Select(FixtureStory.LinkOf));
            Assert.Equal([FixtureBlogs.Rich, FixtureBlogs.David], FixtureStory.CreditsInRss(first.Items.Last()));

            blogs.UseVolOrg(2);
            site.Clock.Advance(TimeSpan.FromMinutes(16));
            await Task.WhenAll(runner.RunAsync(CancellationToken.None), runner.RunAsync(CancellationToken.None));
            cache.Invalidate();
            var second = (await FixtureStory.LoadFeedAsync(site.Http, "rss.xml")).Items.Select(FixtureStory.LinkOf).ToList();
            Assert.Equal(10, second.Count);
            Assert.Equal(second.Distinct().Count(), second.Count);
            Assert.Equal(FixtureStory.FirstRunLinks, second.Where(l => !l.Contains("first-community-organisers", StringComparison.Ordinal)));
        }
    }

    private static async Task<JsonElement> RefreshAsync(SiteUnderTest site)
    {
        using var response = await site.Admin.PostAsync("manage/refresh", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
