namespace Clipping.Publishing;

/// <summary>
/// The site's time zone (<c>Clipping:Site:TimeZone</c>, an IANA name such as "Europe/London"; UTC by default): the
/// page's dates and the archive's months are in it. Stored times stay in UTC.
/// </summary>
public sealed class SiteTime
{
    private SiteTime(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>The zone's name as configured, for the page to say which zone its times are in.</summary>
    public string Name => Zone.Id;

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static SiteTime Utc { get; } = new(TimeZoneInfo.Utc);

    public static SiteTime From(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim() is "UTC" or "Etc/UTC") return Utc;
        try
        {
            return new SiteTime(TimeZoneInfo.FindSystemTimeZoneById(name.Trim()));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"Clipping:Site:TimeZone '{name}' is not a time zone this machine knows: use an IANA name such as Europe/London or America/New_York, or UTC.", e);
        }
    }
}
