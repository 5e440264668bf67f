namespace Clipping.Tests.Feeds.Corpus;

/// <summary>
/// The corpus's expected values that Clipping deliberately does not match, each with the reason. Entries must keep
/// covering a real miss: one that no longer does fails the test, so the list cannot go stale and hide a regression.
/// </summary>
internal static class CorpusAllowList
{
    public static IReadOnlyList<AllowedMiss> Entries { get; } =
    [
    ];
}
