using Clipping.Hosting;

namespace Clipping.Refresh;

/// <summary>The refresh schedule (<c>Clipping:Refresh:Schedule</c>), every quarter hour unless set.</summary>
public sealed class RefreshSchedule(string? expression) : CronSchedule("Clipping:Refresh:Schedule", expression, Default)
{
    public const string Default = "0 */15 * * * *";
}
