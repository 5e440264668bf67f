using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Clipping.Publishing;

namespace Clipping.Tests.Publishing;

/// <summary>RSS and Atom output, read back by an independent parser.</summary>
public class SyndicationFeedWriterTests
{
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    public static TheoryData<string> Formats => new() { "rss", "atom" };

    private static Action<Stream, FeedView> Writer(string format) =>
        format == "rss" ? RssFeedWriter.Write : AtomFeedWriter.Write;

    private static SyndicationFeed Load(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return SyndicationFeed.Load(reader);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Items_read_back_with_their_titles_links_order_and_categories(string format)
    {
        var view = FeedTestData.View();
        var feed = Load(FeedTestData.Write(Writer(format), view));

        var items = feed.Items.ToList();
        Assert.Equal(view.Items.Select(c => c.Title), items.Select(i => i.Title.Text));
        Assert.Equal(view.Items.Select(c => c.Link), items.Select(i => i.Links.Single(l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri));
        Assert.Equal(view.Items.Select(c => c.Tags), items.Select(i => i.Categories.Select(c => c.Name).ToList()));
        Assert.Equal(FeedTestData.TrickyTitle, items[1].Title.Text);
        Assert.Equal(view.Items.Select(c => c.Published), items.Select(i => i.PublishDate));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Channel_carries_title_link_and_self_link(string format)
    {
        var view = FeedTestData.View() with { Title = "Clipping" };
        var feed = Load(FeedTestData.Write(Writer(format), view));

        Assert.Equal("Clipping", feed.Title.Text);
        Assert.Equal("Posts about the Big Society", feed.Description.Text);
        Assert.Equal("en-GB", feed.Language);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri == view.SelfUrl);
        Assert.Contains(feed.Links, l => l.RelationshipType is null or "alternate" && l.Uri == view.PageUrl);
        Assert.Equal(view.Updated, feed.LastUpdatedTime);
    }

    [Fact]
    public void Title_defaults_to_site_and_topic()
    {
        Assert.Equal("Clipping: Big Society", FeedTestData.View().Title);
    }

    [Fact]
    public void Rss_credits_every_contributor_as_dc_creator_in_order()
    {
        var feed = Load(FeedTestData.Write(RssFeedWriter.Write, FeedTestData.View()));

        var shared = feed.Items.First();
        Assert.Equal(["Alice Archer", "Bob Baker"], shared.ElementExtensions.ReadElementExtensions<string>("creator", DcNs));
        Assert.Equal("Alice Archer", shared.SourceFeed.Title.Text);
        // RSS 2.0: the url of <source> is the feed the item came from, not the blog's home page.
        Assert.Equal(new Uri("https://alice.example/feed/"), shared.SourceFeed.Links.Single().Uri);
    }

    [Fact]
    public void Source_is_left_out_when_the_first_contributor_is_no_longer_known()
    {
        var clipping = FeedTestData.Make("k9", "https://x.example/", "Gone", DateTimeOffset.UnixEpoch, [],
            [FeedTestData.Source("erin", "Erin", "https://erin.example/")]);
        var doc = XDocument.Load(new MemoryStream(FeedTestData.Write(RssFeedWriter.Write, FeedTestData.View(clipping))));

        Assert.Empty(doc.Descendants("source"));
        Assert.Equal("Erin", doc.Descendants(XName.Get("creator", DcNs)).Single().Value);
    }

    [Fact]
    public void Atom_credits_every_contributor_as_an_author_in_order()
    {
        var feed = Load(FeedTestData.Write(AtomFeedWriter.Write, FeedTestData.View()));

        var shared = feed.Items.First();
        Assert.Equal(["Alice Archer", "Bob Baker"], shared.Authors.Select(a => a.Name));
        Assert.Equal(["https://alice.example/", null], shared.Authors.Select(a => a.Uri));
        Assert.Equal("Alice Archer", shared.SourceFeed.Title.Text);
        Assert.Equal("Excerpt of A post two bloggers clipped", shared.Summary.Text);
        Assert.Equal(FeedTestData.Newest.ContentHtml, ((TextSyndicationContent)shared.Content).Text);
        // An entry's updated is when the post itself says it was updated, not when Clipping saw it change.
        Assert.Equal(FeedTestData.NewestPostUpdated, shared.LastUpdatedTime);
        Assert.Equal(FeedTestData.Tricky.Published, feed.Items.ElementAt(1).LastUpdatedTime);
    }

    [Fact]
    public void Atom_source_names_the_contributor_s_feed_with_id_title_and_updated()
    {
        var atom = XNamespace.Get("http://www.w3.org/2005/Atom");
        var doc = XDocument.Load(new MemoryStream(FeedTestData.Write(AtomFeedWriter.Write, FeedTestData.View())));
        var source = doc.Descendants(atom + "entry").First().Element(atom + "source")!;
        Assert.Equal("https://alice.example/feed/", source.Element(atom + "id")!.Value);
        Assert.Equal("Alice Archer", source.Element(atom + "title")!.Value);
        Assert.Equal(FeedTestData.Newest.Updated, DateTimeOffset.Parse(source.Element(atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("https://alice.example/feed/", source.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value);
    }

    [Fact]
    public void Atom_feed_has_an_author_even_when_an_entry_credits_no_one()
    {
        var uncredited = FeedTestData.Make("k9", "https://x.example/", "Nobody's", DateTimeOffset.UnixEpoch, [], []);
        var feed = Load(FeedTestData.Write(AtomFeedWriter.Write, FeedTestData.View(uncredited)));

        Assert.Equal("Clipping", Assert.Single(feed.Authors).Name);
        Assert.Empty(feed.Items.Single().Authors);
    }

    [Fact]
    public void Article_authors_are_credited_only_when_no_contributor_is_recorded()
    {
        var orphan = FeedTestData.Make("k9", "https://x.example/", "Orphan", DateTimeOffset.UnixEpoch, [], []) with { Authors = ["Original Author"] };
        var withSource = FeedTestData.Newest with { Authors = ["Original Author"] };
        var feed = Load(FeedTestData.Write(AtomFeedWriter.Write, FeedTestData.View(withSource, orphan)));

        Assert.Equal(["Alice Archer", "Bob Baker"], feed.Items.First().Authors.Select(a => a.Name));
        Assert.Equal(["Original Author"], feed.Items.Last().Authors.Select(a => a.Name));
    }

    [Fact]
    public void Rss_description_carries_the_content_html()
    {
        var feed = Load(FeedTestData.Write(RssFeedWriter.Write, FeedTestData.View()));

        Assert.Equal(FeedTestData.Newest.ContentHtml, feed.Items.First().Summary.Text);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Ids_are_tag_uris_stable_across_writes(string format)
    {
        var first = FeedTestData.Write(Writer(format), FeedTestData.View());
        var second = FeedTestData.Write(Writer(format), FeedTestData.View());

        var ids = Load(first).Items.Select(i => i.Id).ToList();
        Assert.Equal(ids, Load(second).Items.Select(i => i.Id));
        Assert.Equal(first, second);
        Assert.Equal(FeedTestData.View().Items.Select(c => FeedEntryId.For(FeedTestData.Site, c)), ids);
        Assert.Equal("tag:clipping.example,2011-05-03:big-society/k1", ids[0]);
    }

    [Fact]
    public void Rss_guid_is_not_a_permalink()
    {
        var doc = XDocument.Load(new MemoryStream(FeedTestData.Write(RssFeedWriter.Write, FeedTestData.View())));

        Assert.All(doc.Descendants("guid"), g => Assert.Equal("false", g.Attribute("isPermaLink")?.Value));
    }

    [Fact]
    public void Image_is_a_media_thumbnail()
    {
        const string MediaNs = "http://search.yahoo.com/mrss/";
        foreach (var writer in new Action<Stream, FeedView>[] { RssFeedWriter.Write, AtomFeedWriter.Write })
        {
            var doc = XDocument.Load(new MemoryStream(FeedTestData.Write(writer, FeedTestData.View())));
            var thumbnail = Assert.Single(doc.Descendants(XName.Get("thumbnail", MediaNs)));
            Assert.Equal(FeedTestData.WithImage.ImageUrl, thumbnail.Attribute("url")?.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_is_utf8_without_a_byte_order_mark(string format)
    {
        var bytes = FeedTestData.Write(Writer(format), FeedTestData.View());

        Assert.Equal((byte)'<', bytes[0]);
        Assert.Contains("\u2013", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_feed_id_is_a_tag_uri_for_the_topic()
    {
        var feed = Load(FeedTestData.Write(AtomFeedWriter.Write, FeedTestData.View()));

        Assert.Equal("tag:clipping.example,2010:big-society", feed.Id);
    }
}
