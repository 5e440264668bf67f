using System.Xml;

namespace Clipping.Publishing;

/// <summary>One feed listed in an OPML file.</summary>
/// <param name="Name">The outline's text (else its title, else the feed URL).</param>
/// <param name="FeedUrl">The outline's xmlUrl, trimmed but otherwise as written: the caller validates it.</param>
/// <param name="SiteUrl">The outline's htmlUrl, or null when it gives none.</param>
public sealed record OpmlEntry(string Name, string FeedUrl, string? SiteUrl);

/// <summary>Reads the feeds listed in an OPML subscription list, such as a reader's export.</summary>
public static class OpmlReader
{
    // Far more than any real subscription list, small enough that an upload cannot exhaust memory.
    private const long MaxCharacters = 10_000_000;

    /// <summary>
    /// Every outline with an xmlUrl, in document order; folders (nested outlines) are flattened and
    /// outlines without a feed URL skipped.
    /// </summary>
    /// <exception cref="FormatException">The input is not well-formed XML, has a DTD, or its root is not &lt;opml&gt;.</exception>
    public static IReadOnlyList<OpmlEntry> Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new XmlReaderSettings
        {
            // OPML files come from strangers: no DTD, so no entity expansion bombs and no fetching of external files.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };

        try
        {
            using var xml = XmlReader.Create(input, settings);
            if (xml.MoveToContent() != XmlNodeType.Element)
            {
                throw new FormatException("This is not an OPML file: it has no root element.");
            }
            if (xml.LocalName != "opml")
            {
                throw new FormatException($"This is not an OPML file: its root element is <{xml.LocalName}>, where an OPML file has <opml>.");
            }

            var entries = new List<OpmlEntry>();
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "outline" && Entry(xml) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            return entries;
        }
        catch (XmlException e)
        {
            throw new FormatException($"This is not a readable OPML file: {e.Message}", e);
        }
    }

    private static OpmlEntry? Entry(XmlReader outline)
    {
        var feedUrl = Attribute(outline, "xmlUrl");
        if (feedUrl is null) return null;
        var name = Attribute(outline, "text") ?? Attribute(outline, "title") ?? feedUrl;
        return new OpmlEntry(name, feedUrl, Attribute(outline, "htmlUrl"));
    }

    // Exporters disagree on case ("xmlUrl", "xmlurl", "XMLURL"), so attribute names are matched ignoring it.
    private static string? Attribute(XmlReader element, string name)
    {
        for (var i = 0; i < element.AttributeCount; i++)
        {
            element.MoveToAttribute(i);
            if (string.Equals(element.LocalName, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(element.Value))
            {
                var value = element.Value.Trim();
                element.MoveToElement();
                return value;
            }
        }
        element.MoveToElement();
        return null;
    }
}
