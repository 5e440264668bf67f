using System.Text;
using System.Text.Json;
using Clipping.Feeds.Parsing;
using Clipping.Tests.TestSupport;
using Clipping.Feeds.Parsing.Decoding;
using Clipping.Feeds.Parsing.Xml;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>
/// A plain UTF-8 feed is read from its bytes as they are decoded; anything else is decoded whole, checked and repaired
/// first. Both paths must read a feed the same: a blank line before the XML sends a feed down the second.
/// </summary>
public class DecodingPathTests
{
    public static TheoryData<string> FixtureFeeds() =>
        [.. Directory.GetFiles(Fixtures.FeedsDirectory).Where(f => f.EndsWith(".xml", StringComparison.Ordinal) || f.EndsWith(".rdf", StringComparison.Ordinal)).Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(FixtureFeeds))]
    public void A_feed_reads_the_same_from_its_bytes_as_from_its_decoded_text(string fileName)
    {
        var body = Fixtures.Feed(fileName);
        Assert.Equal(Read(Concat("\n  "u8.ToArray(), body)), Read(body));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-16\"?>")] // a wrong label on ASCII bytes: read as UTF-8
    [InlineData("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>")]
    [InlineData("<?xml version=\"1.0\"?><?xml-stylesheet href=\"/feed.xsl\" type=\"text/xsl\"?><!-- generator -->")]
    [InlineData("")]
    public void Plain_feeds_read_the_same_both_ways(string prolog)
    {
        var body = Encoding.UTF8.GetBytes(prolog + """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title><link>https://blog.example.org/</link>
            <item><title>Big Society &amp; me</title><link>/posts/1</link><category>Big Society</category>
            <content:encoded><![CDATA[<p>One <b>two</b> <i>three</i></p>]]></content:encoded></item>
            </channel></rss>
            """);
        Assert.True(FeedDecoding.IsPlainUtf8(body, "application/rss+xml", out var bom) && bom == 0);
        Assert.NotNull(XmlLoader.TryLoadUtf8(body));
        Assert.Null(XmlLoader.TryLoadUtf8(Concat("\n"u8.ToArray(), body)));
        var read = Read(body);
        Assert.Contains("Big Society \\u0026 me", read, StringComparison.Ordinal);
        Assert.Equal(Read(Concat("\n"u8.ToArray(), body)), read);
    }

    [Fact]
    public void What_only_the_decoded_text_can_show_is_still_found()
    {
        // Entities declared in a DOCTYPE are refused, whichever way the bytes would otherwise be read.
        var entities = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"y\">]><rss version=\"2.0\"><channel><title>T</title></channel></rss>");
        Assert.Equal(XmlProlog.EntityDeclarationsRefused, Assert.Throws<FeedParseException>(() => FeedParser.Parse(entities, null, null)).Message);

        // A comment before the declaration is not XML, but is read with a warning.
        var early = Encoding.UTF8.GetBytes("<!-- cached --><?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>");
        Assert.Contains("Ignored what came before the XML declaration", FeedParser.Parse(early, null, null).Warnings);

        // An HTML page is named as one.
        var page = Encoding.UTF8.GetBytes("<html><head><title>Blog</title></head><body><p>Hello</p></body></html>");
        Assert.Equal("This is an HTML page ('Blog'), not a feed", Assert.Throws<FeedParseException>(() => FeedParser.Parse(page, "text/html", null)).Message);

        // Stray bytes that are not UTF-8 are read as Windows-1252, with a warning.
        var stray = Concat(Encoding.ASCII.GetBytes("<rss version=\"2.0\"><channel><title>T</title><item><title>Caf"), [0xE9], Encoding.ASCII.GetBytes("</title></item></channel></rss>"));
        var feed = FeedParser.Parse(stray, null, null);
        Assert.Equal("Café", Assert.Single(feed.Posts).Title);
        Assert.Contains(feed.Warnings, w => w.Contains("stray byte", StringComparison.Ordinal));
    }

    /// <summary>Everything the parse gives, or the refusal (the fixtures include a feed refused for its entities).</summary>
    private static string Read(byte[] body)
    {
        try
        {
            var feed = FeedParser.Parse(body, "application/rss+xml", new Uri("https://blog.example.org/feed"), known: new KnownItems("seed", new HashSet<ulong>()));
            return JsonSerializer.Serialize(new { feed.Format, feed.Title, feed.Link, feed.Posts, feed.Warnings, feed.Items });
        }
        catch (FeedParseException e)
        {
            return "refused: " + e.Message;
        }
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
