using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Refresh;

/// <summary>
/// The refresh an instance runs as it starts: only when the store was never refreshed or a scheduled run was missed,
/// never merely because an instance started.
/// </summary>
public sealed class OverdueRefreshTests
{
    [Fact]
    public async Task A_never_refreshed_store_is_refreshed_once_then_only_when_a_scheduled_run_is_missed()
    {
        // The default schedule: every 15 minutes on the quarter hour. The clock starts at 12:00:00.
        await using var site = await SiteUnderTest.StartAsync();
        var overdue = site.Services.GetRequiredService<OverdueRefresh>();
        var store = site.Services.GetRequiredService<IClippingStore>();

        Assert.NotNull(await overdue.RunIfOverdueAsync(CancellationToken.None));
        Assert.Equal(site.Clock.GetUtcNow(), await store.GetLastRefreshStartAsync(CancellationToken.None));
        Assert.Null(await overdue.RunIfOverdueAsync(CancellationToken.None));

        // 12:16: the 12:15 run is due but within its grace; the timer is taking it.
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Null(await overdue.RunIfOverdueAsync(CancellationToken.None));

        // 12:18: nobody ran it; this start does.
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(await overdue.RunIfOverdueAsync(CancellationToken.None));
        Assert.Null(await overdue.RunIfOverdueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Every_run_records_its_start_so_a_scheduled_run_counts_as_the_last_one()
    {
        await using var site = await SiteUnderTest.StartAsync();
        var overdue = site.Services.GetRequiredService<OverdueRefresh>();

        site.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.NotNull(await site.Services.GetRequiredService<RefreshCoordinator>().TryRunAsync(CancellationToken.None));
        Assert.Equal(site.Clock.GetUtcNow(), await site.Services.GetRequiredService<IClippingStore>().GetLastRefreshStartAsync(CancellationToken.None));

        site.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await overdue.RunIfOverdueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_timer_that_fired_a_moment_early_counts_as_that_occurrence_s_run()
    {
        await using var site = await SiteUnderTest.StartAsync();
        var overdue = site.Services.GetRequiredService<OverdueRefresh>();
        var quarterPast = site.Clock.GetUtcNow().AddMinutes(15);

        // The 12:15 run started at 12:14:59.995; at 12:18 nothing is missed, at 12:33 the 12:30 run is.
        Assert.False(overdue.IsOverdue(quarterPast.AddMilliseconds(-5), quarterPast.AddMinutes(3)));
        Assert.True(overdue.IsOverdue(quarterPast.AddMilliseconds(-5), quarterPast.AddMinutes(18)));
    }

    [Fact]
    public async Task A_past_due_occurrence_is_known_to_be_done_once_a_start_up_has_run_it()
    {
        await using var site = await SiteUnderTest.StartAsync();
        var overdue = site.Services.GetRequiredService<OverdueRefresh>();
        var missed = site.Clock.GetUtcNow().AddMinutes(-45);
        Assert.False(await overdue.RanSinceAsync(missed, CancellationToken.None));

        Assert.NotNull(await overdue.RunIfOverdueAsync(CancellationToken.None));
        Assert.True(await overdue.RanSinceAsync(missed, CancellationToken.None));
        Assert.False(await overdue.RanSinceAsync(site.Clock.GetUtcNow().AddMinutes(15), CancellationToken.None));
    }
}
