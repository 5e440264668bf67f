using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>
/// Compares what Clipping read with what a project expects, field by field: the feed's title, link and number of items,
/// and each item's title, link, id, published time, authors (a set) and tags (a set). Items pair up in document order.
/// Fields the project gives no value for are not counted; an item Clipping lost counts every field the project gives for it.
/// </summary>
internal static class FeedComparison
{
    private const string None = "(none)";

    public static IEnumerable<FieldCheck> Compare(string file, ExpectedFeed expected, ParsedFeed? actual)
    {
        if (CorpusValues.Text(expected.Title) is { } title) yield return Text(file, "feed.title", title, actual?.Title);
        if (CorpusValues.Text(expected.Link) is { } link) yield return Link(file, "feed.link", link, actual?.Link);
        // An item too many is as wrong as one too few; a project that lists no items at all says nothing about them.
        if (expected.Items.Count > 0)
        {
            var count = actual?.Posts.Count;
            yield return new(file, "feed.items", $"{expected.Items.Count} items", count is null ? None : $"{count} items", count == expected.Items.Count);
        }

        for (var i = 0; i < expected.Items.Count; i++)
        {
            var want = expected.Items[i];
            var got = actual is not null && i < actual.Posts.Count ? actual.Posts[i] : null;
            var at = $"items[{i}].";
            if (CorpusValues.Text(want.Title) is { } itemTitle) yield return Text(file, at + "title", itemTitle, got?.Title);
            if (CorpusValues.Text(want.Link) is { } itemLink) yield return Link(file, at + "link", itemLink, got?.Link);
            if (TrimmedId(want.Id) is { } id) yield return new(file, at + "id", id, got?.Id ?? None, id == got?.Id?.Trim());
            if (want.Published is { } published)
                yield return new(file, at + "published", CorpusValues.Show(published), CorpusValues.Show(got?.Published), CorpusValues.SameInstant(published, got?.Published));
            if (CorpusValues.AnyText(want.Authors)) yield return Set(file, at + "authors", want.Authors, got?.Authors);
            if (CorpusValues.AnyText(want.Tags)) yield return Set(file, at + "tags", want.Tags, got?.Tags);
        }
    }

    /// <summary>Ids are compared trimmed but otherwise exactly: inner spaces in an id are part of it.</summary>
    private static string? TrimmedId(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();

    private static FieldCheck Text(string file, string field, string expected, string? actual) =>
        new(file, field, expected, actual ?? None, CorpusValues.SameText(expected, actual));

    private static FieldCheck Link(string file, string field, string expected, string? actual) =>
        new(file, field, expected, actual ?? None, CorpusValues.SameLink(expected, actual));

    private static FieldCheck Set(string file, string field, IReadOnlyList<string> expected, IReadOnlyList<string>? actual) =>
        new(file, field, CorpusValues.Show(expected), actual is null ? None : CorpusValues.Show(actual), actual is not null && CorpusValues.SameSet(expected, actual));
}
