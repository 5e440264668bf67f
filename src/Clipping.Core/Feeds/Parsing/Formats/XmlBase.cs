using System.Xml.Linq;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>
/// Follows xml:base down the tree: each element's base is its own xml:base resolved against the base in scope above it
/// (the outermost against the document URL). Walking down as the adapters do means each element is looked at once.
/// </summary>
internal static class XmlBase
{
    private static readonly XName BaseAttribute = XNamespace.Xml + "base";

    /// <summary>The base in scope at <paramref name="element"/>, given the base in scope at its parent; null while no xml:base has been seen.</summary>
    public static Uri? Apply(XElement? element, Uri? inScope, Uri? documentUrl)
    {
        var value = element?.Attribute(BaseAttribute)?.Value;
        if (value is null) return inScope;
        return FeedUrls.Resolve(value, inScope ?? documentUrl) ?? inScope;
    }
}
