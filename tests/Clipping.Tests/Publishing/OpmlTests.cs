using System.Text;
using Clipping.Contributors;
using Clipping.Publishing;

namespace Clipping.Tests.Publishing;

public class OpmlTests
{
    private static Contributor Contributor(string id, string name, string? siteUrl, string feedUrl, ContributorStatus status = ContributorStatus.Approved) =>
        new(id, name, siteUrl, feedUrl, status, FeedMode.TaggedPosts, null, DateTimeOffset.UnixEpoch, FeedState.New);

    private static IReadOnlyList<OpmlEntry> Read(string opml) => OpmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(opml)));

    [Fact]
    public void Approved_contributors_round_trip()
    {
        using var stream = new MemoryStream();
        OpmlWriter.Write(stream, "Clipping & friends", [
            Contributor("a", "Alice \"A\" & <Co>", "https://alice.example/", "https://alice.example/feed?tag=a&b=c"),
            Contributor("p", "Pending Pete", null, "https://pete.example/feed", ContributorStatus.Pending),
            Contributor("b", "Bob", null, "https://bob.example/rss"),
        ]);
        stream.Position = 0;

        var entries = OpmlReader.Read(stream);

        Assert.Equal(
            [
                new OpmlEntry("Alice \"A\" & <Co>", "https://alice.example/feed?tag=a&b=c", "https://alice.example/"),
                new OpmlEntry("Bob", "https://bob.example/rss", null),
            ],
            entries);
    }

    [Fact]
    public void Written_outlines_are_typed_rss_with_text_and_title()
    {
        using var stream = new MemoryStream();
        OpmlWriter.Write(stream, "Clipping", [Contributor("a", "Alice", "https://alice.example/", "https://alice.example/feed")]);
        var text = Encoding.UTF8.GetString(stream.ToArray());

        Assert.StartsWith("<?xml", text, StringComparison.Ordinal);
        Assert.Contains("<opml version=\"2.0\">", text, StringComparison.Ordinal);
        Assert.Contains("<title>Clipping</title>", text, StringComparison.Ordinal);
        Assert.Contains(
            "<outline type=\"rss\" text=\"Alice\" title=\"Alice\" xmlUrl=\"https://alice.example/feed\" htmlUrl=\"https://alice.example/\" />",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_outlines_are_flattened_and_folders_skipped()
    {
        var entries = Read("""
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="1.0">
              <head><title>My subscriptions</title></head>
              <body>
                <outline text="Politics" title="Politics">
                  <outline type="rss" text="Alice" xmlUrl=" https://alice.example/feed " htmlUrl="https://alice.example/"/>
                  <outline text="Local">
                    <outline type="rss" title="Bob only has a title" xmlUrl="https://bob.example/rss"/>
                  </outline>
                </outline>
                <outline type="rss" xmlurl="https://carol.example/atom" htmlurl=""/>
                <outline type="link" text="Not a feed" url="https://example.com/"/>
              </body>
            </opml>
            """);

        Assert.Equal(
            [
                new OpmlEntry("Alice", "https://alice.example/feed", "https://alice.example/"),
                new OpmlEntry("Bob only has a title", "https://bob.example/rss", null),
                new OpmlEntry("https://carol.example/atom", "https://carol.example/atom", null),
            ],
            entries);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>""", "<rss>")]
    [InlineData("<html><head><title>Not found</title></head></html>", "<html>")]
    [InlineData("this is not xml at all", "not a readable OPML file")]
    [InlineData("", "not a readable OPML file")]
    [InlineData("<opml><body><outline xmlUrl='https://a.example/'>", "not a readable OPML file")]
    public void Input_that_is_not_opml_is_a_format_exception_that_says_so(string input, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Read(input));

        Assert.Contains("OPML", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtd_is_refused_so_entities_cannot_expand_or_fetch_files()
    {
        var error = Assert.Throws<FormatException>(() => Read("""
            <?xml version="1.0"?>
            <!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <opml version="2.0"><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>
            """));

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }
}
