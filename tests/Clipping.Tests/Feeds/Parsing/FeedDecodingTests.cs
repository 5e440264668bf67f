using System.Text;
using Clipping.Feeds.Parsing;
using Clipping.Feeds.Parsing.Decoding;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>Which encoding the bytes are read in: BOM, then HTTP charset, then XML declaration, then UTF-8.</summary>
public class FeedDecodingTests
{
    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(p => p switch { string s => Encoding.ASCII.GetBytes(s), byte[] b => b, byte b => [b], _ => throw new ArgumentException("part") }).ToArray();

    private static string TitleOf(byte[] body, string? contentType = null) =>
        Assert.Single(FeedParser.Parse(body, contentType, null).Posts).Title!;

    private static byte[] FeedWithTitle(string declaration, byte[] title) =>
        Bytes(declaration, "<rss version=\"2.0\"><channel><title>T</title><item><title>", title, "</title></item></channel></rss>");

    [Fact]
    public void Iso_8859_1_is_read_as_windows_1252()
    {
        // 0xA3 is £ in both; 0x80 and 0x93/0x94 are only Windows-1252 (€ and curly quotes), which such feeds mean.
        var body = FeedWithTitle("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", [0xA3, (byte)'2', 0x80, 0x93, (byte)'x', 0x94]);

        Assert.Equal("£2€\u201Cx\u201D", TitleOf(body));
    }

    [Fact]
    public void Http_charset_wins_over_the_xml_declaration()
    {
        var body = FeedWithTitle("<?xml version=\"1.0\" encoding=\"utf-8\"?>", [(byte)'C', (byte)'a', (byte)'f', 0xE9]);

        var feed = FeedParser.Parse(body, "application/rss+xml; charset=\"windows-1252\"", null);

        Assert.Equal("Café", Assert.Single(feed.Posts).Title);
        Assert.Empty(feed.Warnings);
    }

    [Fact]
    public void Windows_1252_text_the_server_calls_iso_8859_1_is_read_as_windows_1252()
    {
        // No XML declaration: only the header names the encoding, and 0x92/0x85 are Windows-1252's apostrophe and ellipsis.
        var body = FeedWithTitle("", [(byte)'I', 0x92, (byte)'m', (byte)' ', 0xE9, 0x85]);

        var feed = FeedParser.Parse(body, "application/rss+xml; charset=ISO-8859-1", null);

        Assert.Equal("I\u2019m é…", Assert.Single(feed.Posts).Title);
        Assert.Empty(feed.Warnings);
    }

    [Fact]
    public void Http_utf8_charset_wins_over_a_latin1_declaration()
    {
        var body = FeedWithTitle("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", Encoding.UTF8.GetBytes("Café – €"));

        Assert.Equal("Café – €", TitleOf(body, "text/xml; charset=UTF-8"));
    }

    [Fact]
    public void Xml_declaration_is_used_when_the_header_names_no_charset()
    {
        var body = FeedWithTitle("<?xml version='1.0' encoding='iso-8859-15'?>", [0xA4]);

        Assert.Equal("€", TitleOf(body, "application/xml"));
    }

    [Fact]
    public void Byte_order_mark_wins_over_header_and_declaration()
    {
        var body = Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, FeedWithTitle("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", Encoding.UTF8.GetBytes("Café")));

        Assert.Equal("Café", TitleOf(body, "text/xml; charset=iso-8859-1"));
    }

    [Fact]
    public void Utf16_with_byte_order_mark_is_read()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>T</title><item><title>Café</title></item></channel></rss>";
        var body = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray();

        Assert.Equal("Café", TitleOf(body));
    }

    [Fact]
    public void Utf16_without_byte_order_mark_is_recognised()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>T</title><item><title>Café</title></item></channel></rss>";

        Assert.Equal("Café", TitleOf(Encoding.BigEndianUnicode.GetBytes(xml)));
    }

    [Fact]
    public void No_declaration_means_utf8()
    {
        Assert.Equal("Café – “x”", TitleOf(FeedWithTitle("", Encoding.UTF8.GetBytes("Café – “x”"))));
    }

    [Fact]
    public void Invalid_utf8_falls_back_to_windows_1252_for_the_stray_bytes()
    {
        var body = FeedWithTitle("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", [.. Encoding.UTF8.GetBytes("Caf\u00e9 "), 0xA3, (byte)'5']);

        var feed = FeedParser.Parse(body, null, null);

        Assert.Equal("Café £5", Assert.Single(feed.Posts).Title);
        Assert.Equal("The feed is not valid UTF-8: read one stray byte as Windows-1252", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Latin1_feed_that_names_no_encoding_is_read_as_windows_1252()
    {
        Assert.Equal("Café", TitleOf(FeedWithTitle("", [(byte)'C', (byte)'a', (byte)'f', 0xE9])));
    }

    [Fact]
    public void Utf8_labelled_latin1_is_read_as_utf8_with_a_warning()
    {
        var body = FeedWithTitle("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", Encoding.UTF8.GetBytes("Café"));

        var feed = FeedParser.Parse(body, null, null);

        Assert.Equal("Café", Assert.Single(feed.Posts).Title);
        Assert.Contains("is UTF-8", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_charset_is_ignored_with_a_warning()
    {
        var feed = FeedParser.Parse(FeedWithTitle("", Encoding.UTF8.GetBytes("Café")), "text/xml; charset=klingon", null);

        Assert.Equal("Café", Assert.Single(feed.Posts).Title);
        Assert.Contains("klingon", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/xml; charset=UTF-8", "UTF-8")]
    [InlineData("text/xml;charset=\"iso-8859-1\"", "iso-8859-1")]
    [InlineData("application/rss+xml; Charset='windows-1252'; foo=bar", "windows-1252")]
    [InlineData("application/rss+xml", null)]
    [InlineData(null, null)]
    public void Charset_is_read_from_the_content_type(string? contentType, string? expected)
    {
        Assert.Equal(expected, FeedDecoding.CharsetOf(contentType));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Utf32_is_recognised_with_or_without_a_byte_order_mark(bool bigEndian, bool withBom)
    {
        var encoding = new UTF32Encoding(bigEndian, byteOrderMark: withBom);
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-32\"?><rss version=\"2.0\"><channel><title>T</title><item><title>Café \u2615 \U0001F600</title></item></channel></rss>";
        var body = withBom ? [.. encoding.GetPreamble(), .. encoding.GetBytes(xml)] : encoding.GetBytes(xml);

        Assert.Equal("Café \u2615 \U0001F600", TitleOf(body));
    }
}
