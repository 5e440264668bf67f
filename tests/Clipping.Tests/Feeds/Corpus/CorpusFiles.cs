using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>The projects whose feeds and expected results make up the corpus.</summary>
internal enum CorpusSource { Gofeed, FeedRs }

/// <summary>One feed of the corpus and the file holding what its project expects of it (null when it expects nothing).</summary>
/// <param name="Name">The path inside the corpus, with forward slashes: what misses and the allow-list name it by.</param>
/// <param name="IsFeed">False for feed-rs's XML-reader fixtures, which are not feeds: they need only be read or refused cleanly.</param>
internal sealed record CorpusCase(string Name, string FeedPath, string? ExpectedPath, CorpusSource Source, bool IsFeed);

/// <summary>Finds the corpus and pairs each feed with its expected result.</summary>
internal static class CorpusFiles
{
    /// <summary>The corpus sits in the shared folder beside the fixtures, so it is found wherever they are.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Fixtures.FeedsDirectory, "..", "..", "corpus"));

    public static IReadOnlyList<CorpusCase> All()
    {
        if (!Directory.Exists(Root))
            throw new DirectoryNotFoundException($"The feed corpus is not at {Root}: it lives in the shared folder beside the fixtures.");
        return [.. Gofeed().Concat(FeedRs()).OrderBy(static c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>gofeed writes X.json beside X.xml; beside a JSON Feed X.json, its result is X_expected.json.</summary>
    private static IEnumerable<CorpusCase> Gofeed()
    {
        var translator = Path.Combine(Root, "gofeed", "translator");
        foreach (var feed in Directory.EnumerateFiles(translator, "*.xml", SearchOption.AllDirectories))
            yield return Case(feed, Path.ChangeExtension(feed, ".json"), CorpusSource.Gofeed, isFeed: true);
        foreach (var feed in Directory.EnumerateFiles(Path.Combine(translator, "json"), "*.json").Where(static f => !f.EndsWith("_expected.json", StringComparison.Ordinal)))
            yield return Case(feed, Path.ChangeExtension(feed, null) + "_expected.json", CorpusSource.Gofeed, isFeed: true);
    }

    /// <summary>feed-rs writes X.serde.json beside X.xml or X.json, except for the files it only expects to fail on.</summary>
    private static IEnumerable<CorpusCase> FeedRs()
    {
        var fixtures = Path.Combine(Root, "feed-rs", "fixture");
        var xmlReaderFixtures = Path.Combine(fixtures, "xml") + Path.DirectorySeparatorChar;
        foreach (var feed in Directory.EnumerateFiles(fixtures, "*", SearchOption.AllDirectories))
        {
            if (feed.EndsWith(".serde.json", StringComparison.Ordinal) || Path.GetExtension(feed) is not (".xml" or ".json")) continue;
            yield return Case(feed, Path.ChangeExtension(feed, ".serde.json"), CorpusSource.FeedRs, isFeed: !feed.StartsWith(xmlReaderFixtures, StringComparison.Ordinal));
        }
    }

    private static CorpusCase Case(string feed, string expected, CorpusSource source, bool isFeed) =>
        new(Path.GetRelativePath(Root, feed).Replace('\\', '/'), feed, File.Exists(expected) ? expected : null, source, isFeed);
}
