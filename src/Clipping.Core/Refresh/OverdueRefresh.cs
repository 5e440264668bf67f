using Clipping.Storage;
using Microsoft.Extensions.Logging;

namespace Clipping.Refresh;

/// <summary>
/// A refresh as soon as an instance starts, when the store has never been refreshed or a scheduled run was missed (a
/// fresh deployment, a site that was stopped). A scheduler that fires only on its next occurrence would leave readers
/// up to a whole interval behind; refreshing on every start would refresh again on every restart and scale-out. The
/// store's record of the last start decides, and lets exactly one of several instances starting together claim the run.
/// </summary>
public sealed class OverdueRefresh(IClippingStore store, RefreshSchedule schedule, RefreshCoordinator refresh, TimeProvider time, ILogger<OverdueRefresh> logger)
{
    /// <summary>
    /// How late a scheduled run must be before it counts as missed: the schedule's own trigger fires within moments of
    /// its time and records its start, so a start this soon after an occurrence leaves that run to it.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>Runs a refresh if one is overdue and this instance wins the claim; else returns null without one.</summary>
    public async Task<RefreshReport?> RunIfOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = await store.GetLastRefreshStartAsync(cancellationToken);
        if (!IsOverdue(last, now)) return null;
        if (!await store.TryRecordRefreshStartAsync(last, now, cancellationToken))
        {
            logger.LogInformation("A missed refresh is being run by another instance.");
            return null;
        }
        logger.LogInformation(last is null
            ? "Refreshing now: this store has never been refreshed."
            : "Refreshing now: the run due after the last one (started {LastStart:u}) was missed.", last);
        return await refresh.TryRunAsync(cancellationToken);
    }

    /// <summary>
    /// True when no run ever started, or an occurrence after the last start passed more than <see cref="Grace"/> ago. A
    /// start up to <see cref="Grace"/> before an occurrence counts as that occurrence's run: timers can fire a little early.
    /// </summary>
    public bool IsOverdue(DateTimeOffset? lastStart, DateTimeOffset now) =>
        lastStart is not { } last || (schedule.NextAfter(last + Grace) is { } due && due + Grace < now);

    /// <summary>
    /// Whether a run has started since <paramref name="missedOccurrence"/> (or within <see cref="Grace"/> before it): a
    /// scheduler catching up on that occurrence late (the Functions timer's past-due run) then has nothing to do,
    /// because an instance's start-up already ran it.
    /// </summary>
    public async Task<bool> RanSinceAsync(DateTimeOffset missedOccurrence, CancellationToken cancellationToken) =>
        await store.GetLastRefreshStartAsync(cancellationToken) is { } last && last >= missedOccurrence - Grace;
}
