namespace Clipping.Views;

/// <summary>How many clippings one month of the site's calendar holds.</summary>
public readonly record struct MonthCount(ArchiveMonth Month, int Clippings);

/// <summary>Clippings per month in the site's time zone, for the charts: every month in the span, empty ones too.</summary>
public static class MonthCounts
{
    /// <param name="times">When each clipping was published.</param>
    /// <param name="from">The first month to show, or null for the month of the oldest clipping.</param>
    /// <param name="until">The last month to show.</param>
    public static IReadOnlyList<MonthCount> Of(IEnumerable<DateTimeOffset> times, TimeZoneInfo zone, ArchiveMonth? from, ArchiveMonth until)
    {
        var counts = new Dictionary<ArchiveMonth, int>();
        foreach (var time in times)
        {
            var month = ArchiveMonth.Of(time, zone);
            counts[month] = counts.GetValueOrDefault(month) + 1;
        }
        var first = from ?? (counts.Count == 0 ? until : counts.Keys.Min());
        var months = new List<MonthCount>();
        for (var month = first; month.CompareTo(until) <= 0; month = month.Next) months.Add(new MonthCount(month, counts.GetValueOrDefault(month)));
        return months;
    }

    /// <summary>The month <paramref name="count"/> months before <paramref name="month"/>.</summary>
    public static ArchiveMonth Back(ArchiveMonth month, int count)
    {
        var index = month.Year * 12 + month.Month - 1 - count;
        return new ArchiveMonth(index / 12, index % 12 + 1);
    }
}
