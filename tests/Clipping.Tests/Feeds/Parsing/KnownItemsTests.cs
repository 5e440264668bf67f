using System.Text;
using Clipping.Feeds.Parsing;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Skipping the items already read: only what would read differently is read again.</summary>
public class KnownItemsTests
{
    private static readonly Uri Address = new("https://blog.example.org/feed/");

    private static string Rss(string channel, params string[] items) =>
        $"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Blog</title>{channel}{string.Concat(items)}</channel></rss>""";

    private static string Item(string slug, string text = "Text") =>
        $"<item><title>{slug}</title><link>/{slug}</link><guid>{slug}</guid><dc:creator>Ann</dc:creator><description>{text}</description></item>";

    private static ParsedFeed Parse(string xml, KnownItems? known, Uri? address = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), "application/rss+xml", address ?? Address, known: known);

    private static KnownItems Known(ParsedFeed read, string seed = "seed") =>
        new(seed, read.PostFingerprints!.Concat(read.UnchangedItems).ToHashSet());

    [Fact]
    public void Without_known_items_every_item_is_read_and_nothing_is_fingerprinted()
    {
        var feed = Parse(Rss("", Item("a"), Item("b")), known: null);
        Assert.Equal(2, feed.Posts.Count);
        Assert.Null(feed.PostFingerprints);
        Assert.Empty(feed.UnchangedItems);
    }

    [Fact]
    public void A_parse_that_read_every_item_is_fingerprinted_for_another_seed_as_a_parse_with_that_seed_would_be()
    {
        var xml = Rss("", Item("a"), Item("b"), Item("c"));
        var checkedOnce = Parse(xml, new KnownItems("", new HashSet<ulong>()));
        var asRefreshed = Parse(xml, new KnownItems("the contributor's rules", new HashSet<ulong>()));

        var reused = checkedOnce.ForSeed("the contributor's rules")!;
        Assert.Equal(asRefreshed.PostFingerprints, reused.PostFingerprints);
        Assert.Equivalent(asRefreshed.Posts, reused.Posts, strict: true);
        Assert.NotEqual(checkedOnce.PostFingerprints, reused.PostFingerprints);

        // What that caller remembers then skips the items for it, and only for it.
        var next = Rss("", Item("d"), Item("a"), Item("b"), Item("c"));
        Assert.Equal(["d"], Parse(next, Known(reused, "the contributor's rules")).Posts.Select(p => p.Title));
        Assert.Equal(4, Parse(next, new KnownItems("other rules", Known(reused).Fingerprints)).Posts.Count);

        // A parse that skipped items has not read them: it cannot stand in for one that reads them.
        Assert.Null(Parse(next, Known(reused, "the contributor's rules")).ForSeed("other rules"));
        Assert.Null(Parse(xml, known: null).ForSeed("the contributor's rules"));
    }

    [Fact]
    public void A_new_item_is_read_and_the_ones_read_before_are_skipped_even_when_the_feed_around_them_changed()
    {
        var first = Parse(Rss("<lastBuildDate>Mon, 18 Oct 2010 07:30:00 GMT</lastBuildDate>", Item("a"), Item("b")), new KnownItems("seed", new HashSet<ulong>()));
        Assert.Equal(["a", "b"], first.Posts.Select(p => p.Title));
        Assert.Equal(2, first.PostFingerprints!.Distinct().Count());

        var second = Parse(Rss("<lastBuildDate>Tue, 19 Oct 2010 09:00:00 GMT</lastBuildDate>", Item("c"), Item("a"), Item("b")), Known(first));
        Assert.Equal(["c"], second.Posts.Select(p => p.Title));
        Assert.Equal("https://blog.example.org/c", second.Posts[0].Link);
        Assert.Equal(first.PostFingerprints, second.UnchangedItems);
    }

    [Fact]
    public void An_item_that_changed_is_read_again()
    {
        var first = Parse(Rss("", Item("a"), Item("b")), new KnownItems("seed", new HashSet<ulong>()));
        var second = Parse(Rss("", Item("a"), Item("b", "Text, corrected")), Known(first));
        Assert.Equal("Text, corrected", Assert.Single(second.Posts).SummaryHtml);
    }

    [Theory]
    [InlineData("a different seed")]
    [InlineData("another address")]
    [InlineData("another channel link")]
    [InlineData("another namespace binding")]
    [InlineData("another base on the channel")]
    [InlineData("another attribute around the items")]
    public void Whatever_changes_how_items_read_reads_them_all_again(string change)
    {
        var xml = Rss("<link>https://blog.example.org/</link>", Item("a"), Item("b"));
        var first = Parse(xml, new KnownItems("seed", new HashSet<ulong>()));
        var second = change switch
        {
            "a different seed" => Parse(xml, Known(first, seed: "other")),
            "another address" => Parse(xml, Known(first), new Uri("https://moved.example.org/feed/")),
            "another channel link" => Parse(xml.Replace("<link>https://blog.example.org/</link>", "<link>https://blog.example.org/en/</link>"), Known(first)),
            "another namespace binding" => Parse(xml.Replace("http://purl.org/dc/elements/1.1/", "urn:not-dublin-core"), Known(first)),
            "another base on the channel" => Parse(xml.Replace("<channel>", "<channel xml:base=\"https://blog.example.org/en/\">"), Known(first)),
            // What surrounds the items counts whole, whether or not this parser reads it today.
            _ => Parse(xml.Replace("<channel>", "<channel xml:lang=\"fr\">"), Known(first)),
        };
        Assert.Equal(2, second.Posts.Count);
        Assert.Empty(second.UnchangedItems);
    }

    [Fact]
    public void Atom_entries_are_skipped_too_and_the_feed_authors_they_inherit_count()
    {
        static string Atom(string author, params string[] ids) =>
            $"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><updated>{DateTime.UtcNow:O}</updated><author><name>{author}</name></author>""" +
            string.Concat(ids.Select(id => $"<entry><id>urn:{id}</id><title>{id}</title><link href=\"/{id}\"/></entry>")) + "</feed>";
        var first = FeedParser.Parse(Encoding.UTF8.GetBytes(Atom("Ann", "a")), null, Address, known: new KnownItems("seed", new HashSet<ulong>()));
        var known = new KnownItems("seed", first.PostFingerprints!.ToHashSet());

        var next = FeedParser.Parse(Encoding.UTF8.GetBytes(Atom("Ann", "b", "a")), null, Address, known: known);
        Assert.Equal(["b"], next.Posts.Select(p => p.Title));
        Assert.Equal(["Ann"], next.Posts[0].Authors);

        var newAuthor = FeedParser.Parse(Encoding.UTF8.GetBytes(Atom("Bob", "a")), null, Address, known: known);
        Assert.Equal(["Bob"], Assert.Single(newAuthor.Posts).Authors);
    }
}
