using System.Globalization;

namespace Clipping.Views;

/// <summary>An ISO 8601 week (Monday to Sunday) in the site's time zone, written "2026-W49".</summary>
public readonly record struct ArchiveWeek(int Year, int Week) : IComparable<ArchiveWeek>
{
    /// <summary>Reads "2026-W49"; false for anything else, or a week the year does not have.</summary>
    public static bool TryParse(string? text, out ArchiveWeek week)
    {
        week = default;
        if (text is not { Length: 8 } || text[4] != '-' || text[5] != 'W') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1900 || year > 9998) return false;
        if (!int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
        week = new ArchiveWeek(year, number);
        return true;
    }

    public static ArchiveWeek Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return new ArchiveWeek(ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local));
    }

    /// <summary>The Monday the week starts on, and the Sunday it ends on.</summary>
    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public DateOnly Sunday => Monday.AddDays(6);

    public ArchiveWeek Next => Of(Monday.AddDays(7));

    public ArchiveWeek Previous => Of(Monday.AddDays(-7));

    /// <summary>The instants the week spans in <paramref name="zone"/>, as a filter.</summary>
    public ClippingFilter.PublishedBetween In(TimeZoneInfo zone) => new(StartIn(Monday, zone), StartIn(Monday.AddDays(7), zone));

    /// <summary>When the week ends in <paramref name="zone"/>: the next one's start.</summary>
    public DateTimeOffset EndIn(TimeZoneInfo zone) => StartIn(Monday.AddDays(7), zone);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");

    public int CompareTo(ArchiveWeek other) => (Year, Week).CompareTo((other.Year, other.Week));

    private static ArchiveWeek Of(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return new ArchiveWeek(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));
    }

    private static DateTimeOffset StartIn(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight can fall in a skipped hour where clocks go forward at midnight: take the next valid instant.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

/// <summary>The weeks of a topic with clippings, and how many each holds, newest first.</summary>
public readonly record struct WeekCount(ArchiveWeek Week, int Clippings);

public static class WeekCounts
{
    public static IReadOnlyList<WeekCount> Of(IEnumerable<DateTimeOffset> times, TimeZoneInfo zone) =>
        [.. times.GroupBy(t => ArchiveWeek.Of(t, zone)).Select(g => new WeekCount(g.Key, g.Count())).OrderByDescending(w => w.Week)];
}
