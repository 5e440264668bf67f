using System.Xml.Linq;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>
/// Reads Atom's text constructs (title, summary, content) by their type. FeedReader HTML-decodes content that the XML
/// parser has already decoded, which turns an escaped "&amp;lt;script&amp;gt;" into a real tag; here each is decoded once.
/// </summary>
internal static class AtomText
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private enum Kind { Text, Html, Xhtml, Other }

    /// <summary>Whether the construct is literal text (its value needs no HTML decoding) rather than markup.</summary>
    public static bool IsText(XElement? element) => element is null || Of(element) is Kind.Text or Kind.Xhtml;

    /// <summary>The construct as HTML, or null when it is missing or not text at all (base64, out-of-line src).</summary>
    public static string? Html(XElement? element)
    {
        if (element is null || element.Attribute("src") is not null) return null;
        return Of(element) switch
        {
            Kind.Html => element.Value,
            Kind.Text => FeedText.TextToHtml(element.Value),
            Kind.Xhtml => InnerXhtml(element),
            _ => null,
        };
    }

    /// <summary>The type Atom 1.0 names (text, html, xhtml, or a MIME type); Atom 0.3 adds mode="escaped" for HTML.</summary>
    private static Kind Of(XElement element)
    {
        var type = element.Attribute("type")?.Value.Trim().ToLowerInvariant();
        var mode = element.Attribute("mode")?.Value.Trim().ToLowerInvariant();
        if (mode == "base64") return Kind.Other;
        return type switch
        {
            "html" or "text/html" => Kind.Html,
            "xhtml" or "application/xhtml+xml" => Kind.Xhtml,
            null or "" or "text" or "text/plain" => mode == "escaped" && type is null ? Kind.Html : mode == "xml" ? Kind.Xhtml : Kind.Text,
            _ when type.StartsWith("text/", StringComparison.Ordinal) => Kind.Text,
            _ when type.EndsWith("xml", StringComparison.Ordinal) => Kind.Xhtml,
            _ => Kind.Other,
        };
    }

    /// <summary>The markup inside the wrapping div, without the XHTML namespace declarations HTML has no use for.</summary>
    private static string InnerXhtml(XElement element)
    {
        var children = element.Elements().ToList();
        var wrapper = children.Count == 1 && children[0].Name.LocalName == "div" && !element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value))
            ? children[0]
            : element;
        return string.Concat(wrapper.Nodes().Select(static n => AsHtmlNode(n).ToString(SaveOptions.DisableFormatting | SaveOptions.OmitDuplicateNamespaces)));
    }

    private static XNode AsHtmlNode(XNode node)
    {
        if (node is not XElement element) return node;
        var name = element.Name.Namespace == FeedXml.Xhtml ? XName.Get(element.Name.LocalName) : element.Name;
        var copy = new XElement(name, element.Attributes().Where(static a => !a.IsNamespaceDeclaration), element.Nodes().Select(AsHtmlNode));
        // "<div />" opens a div that never closes in HTML; only void elements may be written empty.
        if (copy.IsEmpty && !VoidElements.Contains(copy.Name.LocalName)) copy.Value = "";
        return copy;
    }
}
