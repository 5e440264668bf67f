using Xunit.Abstractions;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>
/// Every feed other feed-parser projects collected, read by Clipping and compared with what those projects expect
/// (../shared/corpus). The point is to find parser bugs: a miss is fixed in the parser, or allow-listed with a reason.
/// </summary>
public class CorpusAcceptanceTests(ITestOutputHelper output)
{
    private const double Target = 0.98;

    [Fact]
    public void Corpus_feeds_parse_and_match_their_expected_results()
    {
        var report = new CorpusReport(CorpusRun.All(), CorpusAllowList.Entries);

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
            // Also on the console, so that the figures show in a plain `dotnet test` run.
            Console.WriteLine(line);
        }

        Assert.True(report.FilesPassedRate >= Target, report.Summary);
        Assert.True(report.FieldsMatchedRate >= Target, report.Summary);
        Assert.Empty(report.StaleAllowances);
    }
}
