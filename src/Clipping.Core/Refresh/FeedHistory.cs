using System.Globalization;
using System.Text;

namespace Clipping.Refresh;

/// <summary>What happened to a feed in one run: fetched, not modified, failed, or waiting out its backoff.</summary>
public enum FeedRunResult { Fetched, NotModified, Failed, Waiting }

/// <summary>One run of a feed, as its history keeps it.</summary>
public readonly record struct FeedRun(DateTimeOffset At, FeedRunResult Result);

/// <summary>
/// A feed's last runs, kept in its polling state (<see cref="Contributors.FeedState.History"/>) so the status page can
/// draw them without reading any run: a refresh writes the state anyway. Stored compactly, oldest first, as
/// "{unix seconds}{letter}" joined by commas: F fetched, N not modified, X failed, W waiting.
/// </summary>
public static class FeedHistory
{
    /// <summary>How many runs a feed's history keeps.</summary>
    public const int Kept = 30;

    public static string Append(string? history, DateTimeOffset at, FeedRunResult result)
    {
        var runs = Read(history).ToList();
        runs.Add(new FeedRun(at, result));
        var text = new StringBuilder(Kept * 12);
        foreach (var run in runs.Skip(Math.Max(0, runs.Count - Kept)))
        {
            if (text.Length > 0) text.Append(',');
            text.Append(run.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(Letter(run.Result));
        }
        return text.ToString();
    }

    /// <summary>The runs, oldest first; whatever cannot be read is left out rather than failing a page.</summary>
    public static IReadOnlyList<FeedRun> Read(string? history)
    {
        if (string.IsNullOrEmpty(history)) return [];
        var runs = new List<FeedRun>(Kept + 1);
        foreach (var part in history.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length < 2 || Result(part[^1]) is not { } result) continue;
            if (!long.TryParse(part.AsSpan(0, part.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) continue;
            runs.Add(new FeedRun(DateTimeOffset.FromUnixTimeSeconds(seconds), result));
        }
        return runs;
    }

    /// <summary>What a run's outcome means for the history; null for a feed the run did not poll at all.</summary>
    public static FeedRunResult? Of(FeedOutcome outcome) => outcome.Kind switch
    {
        FeedOutcomeKind.Fetched => FeedRunResult.Fetched,
        FeedOutcomeKind.NotModified => FeedRunResult.NotModified,
        FeedOutcomeKind.Failed or FeedOutcomeKind.Gone => FeedRunResult.Failed,
        FeedOutcomeKind.Skipped => FeedRunResult.Waiting,
        _ => null,
    };

    private static char Letter(FeedRunResult result) => result switch
    {
        FeedRunResult.Fetched => 'F',
        FeedRunResult.NotModified => 'N',
        FeedRunResult.Failed => 'X',
        _ => 'W',
    };

    private static FeedRunResult? Result(char letter) => letter switch
    {
        'F' => FeedRunResult.Fetched,
        'N' => FeedRunResult.NotModified,
        'X' => FeedRunResult.Failed,
        'W' => FeedRunResult.Waiting,
        _ => null,
    };
}
