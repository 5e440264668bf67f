using System.Text;
using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Corpus;

internal enum FileOutcome { Parsed, Refused, Crashed }

/// <summary>How one corpus file went: read, refused with a reason, or crashed; and its expected fields, compared.</summary>
internal sealed record FileResult(CorpusCase Case, FileOutcome Outcome, string? Message, IReadOnlyList<FieldCheck> Checks)
{
    /// <summary>A feed must be read. A file that is not a feed may also be refused, but never crash.</summary>
    public bool Passed => Case.IsFeed ? Outcome == FileOutcome.Parsed : Outcome != FileOutcome.Crashed;
}

/// <summary>Runs every corpus file through <see cref="FeedParser"/> as the pipeline would, knowing no URL for it.</summary>
internal static class CorpusRun
{
    public static IReadOnlyList<FileResult> All() => [.. CorpusFiles.All().Select(Run)];

    private static FileResult Run(CorpusCase corpusCase)
    {
        var body = File.ReadAllBytes(corpusCase.FeedPath);
        ParsedFeed? feed = null;
        FileOutcome outcome;
        string? message = null;
        try
        {
            feed = FeedParser.Parse(body, null, null);
            outcome = FileOutcome.Parsed;
            if (feed.Warnings.Count > 0) message = string.Join(" | ", feed.Warnings);
        }
        catch (FeedParseException e)
        {
            (outcome, message) = (FileOutcome.Refused, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            (outcome, message) = (FileOutcome.Crashed, $"{e.GetType().Name}: {e.Message}");
        }

        var expected = Expected(corpusCase, body);
        var checks = expected is null ? [] : FeedComparison.Compare(corpusCase.Name, expected, feed).ToList();
        return new FileResult(corpusCase, outcome, message, checks);
    }

    private static ExpectedFeed? Expected(CorpusCase corpusCase, byte[] body) => corpusCase.ExpectedPath switch
    {
        null => null,
        var path when corpusCase.Source == CorpusSource.Gofeed => GofeedExpectations.Read(path),
        // Only to search for ids, which are ASCII in every feed here: Latin-1 text read as UTF-8 does not hide them.
        var path => FeedRsExpectations.Read(path, Encoding.UTF8.GetString(body)),
    };
}
