using System.Xml;
using System.Xml.Linq;

namespace Clipping.Feeds.Parsing.Xml;

/// <summary>
/// Keeps what can be kept of a feed that is not well-formed even after repair, usually one cut off mid-download:
/// every item that arrived complete before the break.
/// </summary>
/// <remarks>
/// The root and RSS's channel are built by hand from the reader; every other element is loaded whole, so an element
/// the break falls inside is simply never added.
/// </remarks>
internal static class XmlSalvage
{
    /// <summary>The document up to the break, or null when the break comes before the root element opens.</summary>
    public static XDocument? Load(string text, List<string> warnings)
    {
        XElement? root = null;
        var open = new Stack<XElement>();
        XmlException? error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), XmlLoader.Settings);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && IsContainer(reader, open.Count))
                {
                    var element = StartTag(reader);
                    if (root is null) root = element;
                    else open.Peek().Add(element);
                    if (!reader.IsEmptyElement) open.Push(element);
                    reader.Read();
                }
                else if (reader.NodeType == XmlNodeType.Element && open.Count > 0)
                {
                    using (var subtree = reader.ReadSubtree()) open.Peek().Add(XElement.Load(subtree, XmlLoader.Options));
                    reader.Read();
                }
                else
                {
                    if (reader.NodeType == XmlNodeType.EndElement && open.Count > 0) open.Pop();
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            error = e;
        }
        if (root is null) return null;
        if (error is not null) warnings.Add(Describe(text, error, open.Count > 0, CompleteItems(root)));
        return new XDocument(root);
    }

    /// <summary>The root, and RSS's channel under it: the elements whose children are the items.</summary>
    private static bool IsContainer(XmlReader reader, int depth) =>
        depth == 0 || (depth == 1 && reader.LocalName == "channel");

    private static XElement StartTag(XmlReader reader)
    {
        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                // Namespace declarations are kept so that prefixes still resolve for code (FeedReader's) that looks them up.
                var name = reader.NamespaceURI == XNamespace.Xmlns.NamespaceName
                    ? (reader.Prefix.Length == 0 ? XName.Get("xmlns") : XNamespace.Xmlns + reader.LocalName)
                    : XName.Get(reader.LocalName, reader.NamespaceURI);
                element.SetAttributeValue(name, reader.Value);
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return element;
    }

    private static int CompleteItems(XElement root) =>
        root.Elements().SelectMany(static e => e.Name.LocalName == "channel" ? e.Elements() : [e])
            .Count(static e => e.Name.LocalName is "item" or "entry");

    private static string Describe(string text, XmlException error, bool insideFeed, int items)
    {
        if (!insideFeed) return $"Ignored what follows the end of the feed (line {error.LineNumber}), which is not XML";
        var kept = items switch
        {
            0 => "no item arrived complete before the break",
            1 => "kept the 1 complete item before the break",
            _ => $"kept the {items} complete items before the break",
        };
        return IsAtEnd(text, error) ? $"The feed was cut short: {kept}" : $"The feed is broken at line {error.LineNumber}: {kept}";
    }

    /// <summary>A feed was cut short when no markup follows the place the parser gave up.</summary>
    private static bool IsAtEnd(string text, XmlException error)
    {
        var offset = 0;
        for (var line = 1; line < error.LineNumber && offset >= 0; line++)
        {
            offset = text.IndexOf('\n', offset);
            if (offset >= 0) offset++;
        }
        if (offset < 0) return true;
        offset = Math.Min(text.Length, offset + Math.Max(0, error.LinePosition - 1));
        return text.AsSpan(offset).IndexOf('<') < 0;
    }
}
