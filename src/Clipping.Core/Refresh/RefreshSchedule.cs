using Cronos;

namespace Clipping.Refresh;

/// <summary>
/// The refresh schedule: a six-field NCRONTAB expression (seconds first), the same one the Functions timer reads,
/// so both hosts refresh at the same moments.
/// </summary>
public sealed class RefreshSchedule
{
    public const string Default = "0 */15 * * * *";
    private readonly CronExpression _expression;

    public RefreshSchedule(string? expression)
    {
        Expression = string.IsNullOrWhiteSpace(expression) ? Default : expression.Trim();
        try
        {
            _expression = CronExpression.Parse(Expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException(
                $"Clipping:Refresh:Schedule '{Expression}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '{Default}': {e.Message}", e);
        }
    }

    public string Expression { get; }

    /// <summary>The next run after <paramref name="from"/>, in UTC; null if the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset from) => _expression.GetNextOccurrence(from, TimeZoneInfo.Utc);
}
