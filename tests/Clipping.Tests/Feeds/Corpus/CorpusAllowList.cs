namespace Clipping.Tests.Feeds.Corpus;

/// <summary>
/// The corpus's expected values that Clipping deliberately does not match, each with the reason. Entries must keep
/// covering a real miss: one that no longer does fails the test, so the list cannot go stale and hide a regression.
/// </summary>
internal static class CorpusAllowList
{
    private const string FeedRsRss2 = "feed-rs/fixture/rss2/";
    private const string GofeedRss = "gofeed/translator/rss/";

    public static IReadOnlyList<AllowedMiss> Entries { get; } =
    [
        // Wrong expected values.
        new(FeedRsRss2 + "rss_2.0_ilgiornale.xml", "items[0].authors",
            "feed-rs names the author of '<author>email (Name)</author>' \"author\"; the feed names Angela Leucci"),
        new(FeedRsRss2 + "rss_2.0_relurl_1.xml", "items[*].authors",
            "feed-rs names the author of '<author>email (Name)</author>' \"author\"; the feed names Jonas Große Sundrup"),

        // Matters of taste, where Clipping's choice is deliberate.
        new("feed-rs/fixture/rss1/rss_1.0_spec_2.xml", "items[0].authors",
            "feed-rs keeps dc:creator as written, 'Name (mailto:address)'; Clipping shows the name, as it does for every author string with an address"),
        new("feed-rs/fixture/jsonfeed/jsonfeed_elastic_1.1.json", "feed.title",
            "the title writes '&#8211;' (WordPress's JSON feed escapes titles as HTML); feed-rs shows the reference, Clipping the dash, as it does in every title"),
        new("feed-rs/fixture/jsonfeed/jsonfeed_elastic_1.1.json", "items[0].authors",
            "the item has JSON Feed 1.1's authors and 1.0's deprecated author, naming someone else; feed-rs merges them, Clipping reads authors, which 1.1 says supersedes author"),
        new("gofeed/translator/atom/feed_categories_-_atom_feed_categories.xml", "items[0].tags",
            "gofeed prefers a category's label to its term; Clipping, like feed-rs, uses the term (the category itself; the label is only its display form) and the label only when there is no term"),
        new(GofeedRss + "feed_item_fallbacks_-_rss_channel_item_extensions.xml", "items[1].tags",
            "gofeed adds itunes:keywords to the tags; Clipping does not treat a podcast's search keywords as tags (the dc:subject 'Item Subject' both keep whole)"),
        new(GofeedRss + "feed_item_links_-_rss_channel_item_links.xml", "items[0].link",
            "the item has <link>s http://example.org, http://example2.org and <link href=\"http://example3.org\"/>; gofeed takes the href one, Clipping the first <link>, as RSS defines it"),
        new(GofeedRss + "feed_links_-_rss_channel_links.xml", "feed.link",
            "the channel has <link>s http://example.org, http://example2.org and <link href=\"http://example3.org\"/>; gofeed takes the href one, Clipping the first <link>, as RSS defines it"),
        new(GofeedRss + "feed_links_-_rdf_channel_links.xml", "feed.link",
            "the channel has <link>s http://example.org, http://example2.org and <link href=\"http://example3.org\"/>; gofeed takes the href one, Clipping the first <link>, as RSS defines it"),
    ];
}
