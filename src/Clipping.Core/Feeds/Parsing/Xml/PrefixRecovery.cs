using System.Text.RegularExpressions;
using Clipping.Feeds.Parsing.Formats;

namespace Clipping.Feeds.Parsing.Xml;

/// <summary>
/// Declares namespace prefixes a feed uses but never declares ("&lt;atom:link&gt;" in an RSS feed that forgot
/// xmlns:atom), which XML refuses outright. Well-known prefixes get their usual namespace, so the adapters still find
/// content:encoded or dc:creator; others get a placeholder so the document at least loads. Only run after a clean
/// parse has failed.
/// </summary>
internal static partial class PrefixRecovery
{
    private static readonly Dictionary<string, string> KnownNamespaces = new(StringComparer.Ordinal)
    {
        ["atom"] = FeedXml.Atom.NamespaceName,
        ["content"] = FeedXml.Content.NamespaceName,
        ["dc"] = FeedXml.Dc.NamespaceName,
        ["dcterms"] = FeedXml.DcTerms.NamespaceName,
        ["rdf"] = FeedXml.Rdf.NamespaceName,
        ["media"] = "http://search.yahoo.com/mrss/",
        ["itunes"] = FeedXml.Itunes.NamespaceName,
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["georss"] = "http://www.georss.org/georss",
        ["thr"] = "http://purl.org/syndication/thread/1.0",
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
        ["xhtml"] = FeedXml.Xhtml.NamespaceName,
    };

    public static string DeclareMissing(string text, List<string> warnings)
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in QualifiedName().Matches(text)) used.Add(m.Groups["prefix"].Value);
        used.RemoveWhere(prefix => prefix is "xml" or "xmlns" || IsDeclared(text, prefix));
        if (used.Count == 0) return text;

        var rootNameEnd = RootNameEnd(text);
        if (rootNameEnd < 0) return text;
        var declarations = string.Concat(used.Select(prefix =>
            $" xmlns:{prefix}=\"{(KnownNamespaces.TryGetValue(prefix, out var uri) ? uri : "urn:clipping:undeclared:" + prefix)}\""));
        warnings.Add($"The feed uses namespace prefixes it never declares ({string.Join(", ", used)}): read them as their usual namespaces");
        return text.Insert(rootNameEnd, declarations);
    }

    /// <summary>Where the root element's name ends, past the declaration, comments and DOCTYPE; -1 when there is no root.</summary>
    private static int RootNameEnd(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('<', i)) >= 0)
        {
            if (i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('>' or '/')) end++;
                return end;
            }
            var close = text.AsSpan(i).StartsWith("<!--") ? text.IndexOf("-->", i, StringComparison.Ordinal) : text.IndexOf('>', i);
            if (close < 0) return -1;
            i = close + 1;
        }
        return -1;
    }

    private static bool IsDeclared(string text, string prefix) =>
        Regex.IsMatch(text, @"xmlns:" + Regex.Escape(prefix) + @"\s*=", RegexOptions.CultureInvariant);

    /// <summary>A prefixed element name ("&lt;atom:link", "&lt;/dc:creator") or attribute name (" media:type=").</summary>
    [GeneratedRegex(@"(?:</?|\s)(?<prefix>[A-Za-z_][A-Za-z0-9_.-]*):[A-Za-z_][A-Za-z0-9_.-]*(?=[\s/>=])", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
