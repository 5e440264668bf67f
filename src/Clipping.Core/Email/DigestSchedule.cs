using Clipping.Hosting;
using Clipping.Publishing;

namespace Clipping.Email;

/// <summary>When digests go (<c>Clipping:Email:Schedule</c>): NCRONTAB read in the site's time zone, so "07:00" is breakfast where the readers are.</summary>
public sealed class DigestSchedule(string? expression, SiteTime time)
    : CronSchedule("Clipping:Email:Schedule", expression, EmailOptions.DefaultSchedule, time.Zone);
