using System.Text;
using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
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
        Assert.Equal(3, changed.PostsMatched);
        Assert.Equal(1, changed.ClippingsNew);
        Assert.Equal(1, changed.ClippingsUpdated);

        var page = await store.GetClippingsAsync("big-society", 10, null, CancellationToken.None);
        Assert.Equal(3, page.Items.Count);
        Assert.Contains(page.Items, c => c.ExcerptText == "two, corrected");
    }
}
