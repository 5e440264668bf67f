using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>The corpus comparison itself: it must catch a wrong value as surely as it passes a right one.</summary>
public class FeedComparisonTests
{
    private static readonly DateTimeOffset Noon = new(2020, 1, 2, 12, 0, 0, TimeSpan.Zero);

    private static ParsedPost Post(string? title = "T", string? link = "https://a.example/p", string? id = "urn:1", DateTimeOffset? published = null,
        IReadOnlyList<string>? authors = null, IReadOnlyList<string>? tags = null) =>
        new(id, title, link, published ?? Noon, null, authors ?? ["Ann"], tags ?? ["x"], null, null, null, null);

    private static ExpectedItem Item(string? title = "T", string? link = "https://a.example/p", string? id = "urn:1", DateTimeOffset? published = null,
        IReadOnlyList<string>? authors = null, IReadOnlyList<string>? tags = null) =>
        new(title, link, id, published ?? Noon, authors ?? ["Ann"], tags ?? ["x"]);

    private static Dictionary<string, bool> Compare(ExpectedItem expected, ParsedPost? actual) =>
        FeedComparison.Compare("f", new ExpectedFeed(null, null, [expected]), new ParsedFeed(FeedFormat.Rss20, null, null, actual is null ? [] : [actual], []))
            .ToDictionary(c => c.Field, c => c.Matched);

    [Fact]
    public void Matching_values_after_normalisation_match()
    {
        var checks = Compare(
            Item(title: "  A\n title ", link: "https://A.example/p", published: new DateTimeOffset(2020, 1, 2, 13, 0, 0, TimeSpan.FromHours(1)), authors: ["Bob ", "Ann"], tags: ["y", "x", "x"]),
            Post(title: "A title", authors: ["Ann", "Bob"], tags: ["x", "y"]));

        Assert.All(checks, c => Assert.True(c.Value, c.Key));
    }

    [Fact]
    public void Every_wrong_field_is_a_miss()
    {
        var checks = Compare(Item(), Post(title: "U", link: "https://a.example/q", id: "urn:2", published: Noon.AddSeconds(1), authors: ["Ann", "Bob"], tags: ["X"]));

        Assert.Equal(["items[0].authors", "items[0].id", "items[0].link", "items[0].published", "items[0].tags", "items[0].title"],
            checks.Where(c => !c.Value).Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.True(checks["feed.items"]);
    }

    [Fact]
    public void A_lost_item_misses_every_field_given_for_it()
    {
        var checks = Compare(Item(), null);

        Assert.Equal(7, checks.Count);
        Assert.DoesNotContain(true, checks.Values);
    }

    [Fact]
    public void Fields_the_project_gives_no_value_for_are_not_counted()
    {
        var checks = Compare(new ExpectedItem(null, null, " ", null, [], []), Post());

        Assert.Equal(["feed.items"], checks.Keys);
    }

    [Theory]
    [InlineData("/blog/p", "https://a.example/blog/p", true)]
    [InlineData("p", "https://a.example/blog/p", true)]
    [InlineData("/blog/p", "https://a.example/blog/", false)]
    [InlineData("/blog/p", null, false)]
    [InlineData("https://a.example/blog/p", "http://a.example/blog/p", false)]
    public void A_relative_expected_link_must_be_what_the_absolute_link_resolves_to(string expected, string? actual, bool matches)
    {
        Assert.Equal(matches, CorpusValues.SameLink(expected, actual));
    }

    [Fact]
    public void Ids_feed_rs_invents_are_not_expected()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"entries":[{"id":"9f7d46f0eb03e1fbbd9a97bd969f574c"},{"id":"https://a.example/?p=1&q=2"}]}""");

            var expected = FeedRsExpectations.Read(path, "<rss><item><guid>https://a.example/?p=1&amp;q=2</guid></item></rss>");

            Assert.Equal([null, "https://a.example/?p=1&q=2"], expected.Items.Select(i => i.Id));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Allowance_covers_only_its_file_and_field()
    {
        var allowance = new AllowedMiss("f", "items[*].link", "reason");

        Assert.True(allowance.Covers(new FieldCheck("f", "items[12].link", "", "", false)));
        Assert.False(allowance.Covers(new FieldCheck("f", "items[1].title", "", "", false)));
        Assert.False(allowance.Covers(new FieldCheck("g", "items[1].link", "", "", false)));
        Assert.False(allowance.Covers(new FieldCheck("f", "feed.link", "", "", false)));
    }
}
