using System.Globalization;
using Clipping.Views;

namespace Clipping.Email;

/// <summary>
/// The period a digest is for, in the site's time zone: a day ("2026-12-07") or an ISO week ("2026-W50"). A subscriber
/// gets at most one digest per period, however often sending runs and on however many instances.
/// </summary>
public static class DigestPeriod
{
    public static string Key(DigestFrequency frequency, DateTimeOffset at, TimeZoneInfo zone) => frequency == DigestFrequency.Weekly
        ? ArchiveWeek.Of(at, zone).ToString()
        : TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What a scheduled send at <paramref name="at"/> sends: daily digests always, weekly ones on Mondays.</summary>
    public static IReadOnlyList<DigestFrequency> DueAt(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).DayOfWeek == DayOfWeek.Monday ? [DigestFrequency.Daily, DigestFrequency.Weekly] : [DigestFrequency.Daily];

    /// <summary>
    /// The days a digest covers, for its subject: from the day of the last digest (or of confirming) to the day before
    /// this one, so a Monday's weekly digest covers Monday to Sunday ("1–7 December").
    /// </summary>
    public static (DateOnly From, DateOnly To) Days(DateTimeOffset since, DateTimeOffset at, TimeZoneInfo zone)
    {
        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, zone).DateTime);
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime).AddDays(-1);
        return (from, to < from ? from : to);
    }

    /// <summary>"7 December", "1–7 December", "28 November – 4 December", "29 December 2026 – 4 January 2027".</summary>
    public static string Describe(DateOnly from, DateOnly to)
    {
        var culture = CultureInfo.InvariantCulture;
        if (from == to) return from.ToString("d MMMM", culture);
        if (from.Year != to.Year) return $"{from.ToString("d MMMM yyyy", culture)} – {to.ToString("d MMMM yyyy", culture)}";
        if (from.Month != to.Month) return $"{from.ToString("d MMMM", culture)} – {to.ToString("d MMMM", culture)}";
        return $"{from.Day.ToString(culture)}–{to.ToString("d MMMM", culture)}";
    }
}
