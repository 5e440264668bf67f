using Cronos;

namespace Clipping.Hosting;

/// <summary>
/// A schedule setting: a six-field NCRONTAB expression (seconds first), the form the Functions timer reads, in UTC as
/// the timer reads it, so both hosts act at the same moments.
/// </summary>
public class CronSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    /// <param name="setting">The setting's name, for the message when it cannot be read: "Clipping:Refresh:Schedule".</param>
    /// <param name="zone">The zone the expression is read in; UTC, as the Functions timer reads it, unless given.</param>
    public CronSchedule(string setting, string? expression, string defaultExpression, TimeZoneInfo? zone = null)
    {
        _zone = zone ?? TimeZoneInfo.Utc;
        Expression = string.IsNullOrWhiteSpace(expression) ? defaultExpression : expression.Trim();
        try
        {
            _expression = CronExpression.Parse(Expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException(
                $"{setting} '{Expression}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '{defaultExpression}': {e.Message}", e);
        }
    }

    public string Expression { get; }

    /// <summary>The next occurrence after <paramref name="from"/>, in UTC; null if the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset from) => _expression.GetNextOccurrence(from, _zone);

    /// <summary>The latest occurrence at or before <paramref name="at"/> within <paramref name="lookBack"/>, or null.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset at, TimeSpan lookBack)
    {
        DateTimeOffset? latest = null;
        foreach (var occurrence in _expression.GetOccurrences(at - lookBack, at, _zone, fromInclusive: true, toInclusive: true)) latest = occurrence;
        return latest;
    }
}
