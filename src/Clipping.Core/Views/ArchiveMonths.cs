using Clipping.Storage;

namespace Clipping.Views;

/// <summary>A calendar month in the site's time zone.</summary>
public readonly record struct ArchiveMonth(int Year, int Month) : IComparable<ArchiveMonth>
{
    public static bool TryCreate(int year, int month, out ArchiveMonth archiveMonth)
    {
        archiveMonth = new ArchiveMonth(year, month);
        return year is >= 1900 and <= 9998 && month is >= 1 and <= 12;
    }

    public ArchiveMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    /// <summary>The instants the month spans in <paramref name="zone"/>, as a filter.</summary>
    public ClippingFilter.PublishedBetween In(TimeZoneInfo zone) => new(StartIn(zone), Next.StartIn(zone));

    private DateTimeOffset StartIn(TimeZoneInfo zone)
    {
        var local = new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        // Midnight on the 1st can fall in a skipped hour where clocks go forward at midnight: take the next valid instant.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static ArchiveMonth Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new ArchiveMonth(local.Year, local.Month);
    }

    public int CompareTo(ArchiveMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);
}

/// <summary>
/// The months of a topic that have clippings, in the site's time zone. Stores know the UTC months their clippings
/// fall in; a UTC month overlaps one or two local months, and each candidate is confirmed by asking for one clipping
/// in it, so a zone far from UTC never lists an empty month.
/// </summary>
public static class ArchiveMonths
{
    public static async Task<IReadOnlyList<ArchiveMonth>> ListAsync(IClippingStore store, string topic, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var candidates = new SortedSet<ArchiveMonth>();
        foreach (var utc in await store.GetMonthsAsync(topic, cancellationToken))
        {
            var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
            candidates.Add(ArchiveMonth.Of(start, zone));
            candidates.Add(ArchiveMonth.Of(start.AddMonths(1).AddTicks(-1), zone));
        }
        var months = new List<ArchiveMonth>(candidates.Count);
        foreach (var month in candidates.Reverse())
        {
            var probe = await store.GetClippingsAsync(topic, month.In(zone), 1, null, cancellationToken);
            if (probe.Items.Count > 0) months.Add(month);
        }
        return months;
    }
}
