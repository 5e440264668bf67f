using System.Globalization;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>The figures for a corpus run, and every miss, as lines a person reads in the test output.</summary>
internal sealed class CorpusReport
{
    private readonly IReadOnlyList<FileResult> files;
    private readonly List<FieldCheck> compared = [];
    private readonly List<(FieldCheck Check, AllowedMiss Allowance)> allowed = [];

    public CorpusReport(IReadOnlyList<FileResult> files, IReadOnlyList<AllowedMiss> allowList)
    {
        this.files = files;
        foreach (var check in files.SelectMany(static f => f.Checks))
        {
            var allowance = check.Matched ? null : allowList.FirstOrDefault(a => a.Covers(check));
            if (allowance is null) compared.Add(check);
            else allowed.Add((check, allowance));
        }
        StaleAllowances = [.. allowList.Where(a => !allowed.Any(x => x.Allowance == a))];
    }

    public double FilesPassedRate => Rate(files.Count(static f => f.Passed), files.Count);

    public double FieldsMatchedRate => Rate(compared.Count(static c => c.Matched), compared.Count);

    /// <summary>Allow-list entries that cover no miss any more: the parser was fixed, or the entry names the wrong field.</summary>
    public IReadOnlyList<AllowedMiss> StaleAllowances { get; }

    /// <summary>The figures. Allow-listed fields are left out of the match rate, and the rate with them counted as misses is shown beside it.</summary>
    public string Summary
    {
        get
        {
            int passed = files.Count(static f => f.Passed), matched = compared.Count(static c => c.Matched);
            var all = compared.Count + allowed.Count;
            return $"corpus: {passed}/{files.Count} files parsed ({Percent(FilesPassedRate)}), {matched}/{compared.Count} fields matched ({Percent(FieldsMatchedRate)}); "
                + $"{allowed.Count} more fields allow-listed ({matched}/{all}, {Percent(Rate(matched, all))}, counting them as misses)";
        }
    }

    public IEnumerable<string> Lines()
    {
        yield return Summary;
        var notFeeds = files.Where(static f => !f.Case.IsFeed).ToList();
        yield return $"  not feeds (need only be read or refused cleanly): {string.Join(", ", notFeeds.Select(static f => $"{f.Case.Name} {f.Outcome}"))}";
        foreach (var file in files.Where(static f => !f.Passed)) yield return $"  NOT PARSED {file.Case.Name}: {file.Outcome}: {file.Message}";
        foreach (var miss in compared.Where(static c => !c.Matched))
            yield return $"  MISS {miss.File} {miss.Field}: expected '{miss.Expected}', got '{miss.Actual}'";
        foreach (var (check, allowance) in allowed)
            yield return $"  allowed {check.File} {check.Field}: expected '{check.Expected}', got '{check.Actual}' ({allowance.Reason})";
        foreach (var stale in StaleAllowances) yield return $"  STALE allow-list entry {stale.File} {stale.Field}: it covers no miss";
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static double Rate(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
}
