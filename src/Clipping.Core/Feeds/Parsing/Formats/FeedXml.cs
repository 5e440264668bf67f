using System.Xml.Linq;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>
/// Namespaces and element lookups shared by the adapters. Lookups go by namespace URI, never by prefix:
/// FeedReader resolves "dc:creator" through the prefix "dc", so a feed that binds Dublin Core to another prefix loses it.
/// </summary>
internal static class FeedXml
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    /// <summary>The capitalisation Apple's early podcast spec printed, which feeds still declare. XML namespaces are case-sensitive, so it is another name.</summary>
    public static readonly XNamespace ItunesCapitalised = "http://www.itunes.com/DTDs/PodCast-1.0.dtd";

    public static readonly XName ContentEncoded = Content + "encoded";
    public static readonly XName DcCreator = Dc + "creator";
    public static readonly XName DcDate = Dc + "date";
    public static readonly XName DcSubject = Dc + "subject";
    public static readonly XName DcTitle = Dc + "title";
    public static readonly XName DcTermsModified = DcTerms + "modified";
    public static readonly XName AtomAuthor = Atom + "author";
    public static readonly XName AtomCategory = Atom + "category";
    public static readonly XName AtomName = Atom + "name";
    public static readonly XName AtomPublished = Atom + "published";
    public static readonly XName AtomUpdated = Atom + "updated";
    public static readonly XName RdfAbout = Rdf + "about";

    /// <summary>Whether <paramref name="name"/> is the podcast element <paramref name="localName"/>, under either spelling of its namespace.</summary>
    public static bool IsItunes(XName name, string localName) =>
        name.LocalName == localName && (name.Namespace == Itunes || name.Namespace == ItunesCapitalised);

    /// <summary>The value of the first child called <paramref name="name"/>, or null when there is none.</summary>
    public static string? ChildValue(this XElement parent, XName name) => parent.Element(name)?.Value;

    public static IEnumerable<string> ChildValues(this XElement parent, XName name) =>
        parent.Elements(name).Select(static e => e.Value);

    public static string? AttributeValue(this XElement element, XName name) => element.Attribute(name)?.Value;
}
