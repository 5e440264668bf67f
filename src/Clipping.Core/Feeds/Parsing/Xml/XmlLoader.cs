using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Clipping.Feeds.Parsing.Decoding;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Xml;

/// <summary>
/// Loads feed text into an XDocument once, safely. A clean parse comes first, so a well-formed feed costs one parse;
/// only when it fails are the text repairs tried (characters and entities, then undeclared prefixes), and then the salvage
/// of a feed cut short.
/// </summary>
internal static class XmlLoader
{
    /// <summary>No DTD processing, no resolver: nothing is expanded and no file or URL is ever opened. A DOCTYPE that
    /// declares entities has already been refused by <see cref="XmlProlog"/>; any other is skipped (RSS 0.91's Netscape DOCTYPE).</summary>
    internal static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>The same, skipping whitespace-only text between elements, which no feed element but XHTML content needs.</summary>
    private static readonly XmlReaderSettings CompactSettings = CompactCopy(Settings);

    // Whitespace between inline elements ("<b>a</b> <i>b</i>") is text in XHTML content; dropping it would glue words together.
    internal const LoadOptions Options = LoadOptions.PreserveWhitespace;

    /// <exception cref="FeedParseException">The text is an HTML page, declares entities, or is not XML that can be salvaged.</exception>
    public static XDocument Load(string text, List<string> warnings)
    {
        var xml = XmlProlog.Inspect(text, warnings);
        if (!xml.Equals(Range.All) && xml.GetOffsetAndLength(text.Length) is var (offset, length) && (offset > 0 || length < text.Length))
        {
            text = text.Substring(offset, length);
        }
        if (TryLoad(text) is { } clean) return clean;

        var repaired = PrefixRecovery.DeclareMissing(XmlRecovery.Repair(text, warnings), warnings);
        if (!ReferenceEquals(repaired, text) && TryLoad(repaired) is { } fixedUp) return fixedUp;

        return XmlSalvage.Load(repaired, warnings)
            ?? throw (HtmlPage.Looks(repaired) ? HtmlPage.NotAFeed(repaired) : NotXml(repaired));
    }

    /// <summary>
    /// The common case, read without decoding the whole feed into one string first (for a blog's feed that string is a
    /// large object, and large objects are what make a refresh collect its whole heap): UTF-8 that
    /// <see cref="FeedDecoding.IsPlainUtf8"/> accepts, beginning with the XML itself (a declaration, processing
    /// instructions and comments, then a root that is not &lt;html&gt;), and well-formed. Null otherwise, and then
    /// <see cref="Load"/> reads the text with every check and repair.
    /// </summary>
    public static XDocument? TryLoadUtf8(ReadOnlyMemory<byte> body)
    {
        if (!StartsWithXml(body.Span) || !MemoryMarshal.TryGetArray(body, out var bytes)) return null;
        var keepWhitespace = body.Span.IndexOf("xhtml"u8) >= 0;
        try
        {
            // A TextReader, as for the text: an encoding named in the declaration was settled by the caller.
            using var text = new StreamReader(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), Utf8, detectEncodingFromByteOrderMarks: false);
            using var reader = XmlReader.Create(text, keepWhitespace ? Settings : CompactSettings);
            return XDocument.Load(reader, keepWhitespace ? Options : LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What <see cref="XmlProlog.Inspect"/> would leave as it is: no DOCTYPE, nothing before the XML, no HTML page.</summary>
    private static bool StartsWithXml(ReadOnlySpan<byte> body)
    {
        var i = 0;
        while (i + 1 < body.Length && body[i] == '<')
        {
            var rest = body[i..];
            int end;
            if (rest.StartsWith("<?"u8)) end = rest.IndexOf("?>"u8) is var close and >= 0 ? close + 2 : -1;
            else if (rest.StartsWith("<!--"u8)) end = rest.IndexOf("-->"u8) is var close and >= 0 ? close + 3 : -1;
            else if (rest.StartsWith("<!"u8)) return false;
            else return char.IsAsciiLetter((char)rest[1]) && !IsHtml(rest[1..]);
            if (end < 0) return false;
            i += end;
            while (i < body.Length && body[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        }
        return false;
    }

    private static bool IsHtml(ReadOnlySpan<byte> name) =>
        name.Length >= 4 && Ascii.EqualsIgnoreCase(name[..4], "html"u8) && (name.Length == 4 || !char.IsAsciiLetterOrDigit((char)name[4]) && name[4] is not ((byte)':' or (byte)'-' or (byte)'_' or (byte)'.'));

    private static XDocument? TryLoad(string text)
    {
        // Keeping whitespace costs about a sixth of the parse, so it is kept only where XHTML may need it.
        var keepWhitespace = text.Contains("xhtml", StringComparison.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), keepWhitespace ? Settings : CompactSettings);
            return XDocument.Load(reader, keepWhitespace ? Options : LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static XmlReaderSettings CompactCopy(XmlReaderSettings settings)
    {
        var compact = settings.Clone();
        compact.IgnoreWhitespace = true;
        return compact;
    }

    private static FeedParseException NotXml(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            return new FeedParseException($"Not a feed: the document is not XML (line {e.LineNumber}, position {e.LinePosition})", e);
        }
        return new FeedParseException("Not a feed: no <rss>, <feed> or <rdf:RDF> root");
    }
}
