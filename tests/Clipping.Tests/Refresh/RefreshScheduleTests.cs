using Clipping.Refresh;

namespace Clipping.Tests.Refresh;

public sealed class RefreshScheduleTests
{
    [Fact]
    public void The_default_is_every_fifteen_minutes()
    {
        var schedule = new RefreshSchedule(null);
        Assert.Equal("0 */15 * * * *", schedule.Expression);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 12, 15, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 11, 22, 12, 3, 10, TimeSpan.Zero)));
    }

    [Fact]
    public void A_five_field_expression_is_refused_with_an_example() =>
        Assert.Contains("six-field", Assert.Throws<ArgumentException>(() => new RefreshSchedule("*/15 * * * *")).Message);

    [Fact]
    public void Backoff_grows_with_failures_and_honours_retry_after()
    {
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(1);
        var first = FeedBackoff.NextAttempt(now, 1, null, random) - now;
        var fifth = FeedBackoff.NextAttempt(now, 5, null, random) - now;
        Assert.InRange(first, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        Assert.InRange(fifth, TimeSpan.FromMinutes(64), TimeSpan.FromMinutes(96));
        Assert.InRange(FeedBackoff.NextAttempt(now, 40, null, random) - now, TimeSpan.Zero, TimeSpan.FromHours(29));
        Assert.Equal(now.AddHours(2), FeedBackoff.NextAttempt(now, 1, now.AddHours(2), random));
    }
}
