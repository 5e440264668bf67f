namespace Clipping.Refresh;

/// <summary>When to try a failing feed again: exponential, with jitter so many failing feeds do not return in step.</summary>
public static class FeedBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    /// <param name="consecutiveFailures">Including the one just recorded (1 or more).</param>
    /// <param name="retryAfter">What the server asked for (429/503 Retry-After), honoured when later than our own delay.</param>
    public static DateTimeOffset NextAttempt(DateTimeOffset now, int consecutiveFailures, DateTimeOffset? retryAfter, Random? random = null)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 16);
        var delay = TimeSpan.FromTicks(Math.Min(First.Ticks << exponent, Longest.Ticks));
        var jitter = 0.8 + (random ?? Random.Shared).NextDouble() * 0.4;
        var next = now + delay * jitter;
        if (retryAfter is { } asked && asked > next) next = asked > now + Longest ? now + Longest : asked;
        return next;
    }
}
