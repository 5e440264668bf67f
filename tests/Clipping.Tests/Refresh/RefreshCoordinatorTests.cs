using Clipping.Contributors;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Refresh;

public sealed class RefreshCoordinatorTests
{
    [Fact]
    public async Task A_refresh_asked_for_while_one_runs_is_skipped_not_overlapped()
    {
        await using var server = await FeedServer.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Serve("/slow", async context =>
        {
            started.TrySetResult();
            await release.Task;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Fixtures.Feed("rich-wordpress.rss.xml"));
        });
        await using var site = await SiteUnderTest.StartAsync();
        var url = server.UrlOf("/slow").AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Slow", null, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        var coordinator = site.Services.GetRequiredService<RefreshCoordinator>();

        var running = coordinator.TryRunAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await coordinator.TryRunAsync(CancellationToken.None));

        release.SetResult();
        var report = await running;
        Assert.NotNull(report);
        Assert.Equal(1, report.ClippingsNew);
        Assert.Same(report, coordinator.LastReport);
        Assert.NotNull(await coordinator.TryRunAsync(CancellationToken.None));
    }
}
