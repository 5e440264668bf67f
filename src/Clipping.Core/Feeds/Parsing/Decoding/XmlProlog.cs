using Clipping.Feeds.Parsing.Fields;
namespace Clipping.Feeds.Parsing.Decoding;

/// <summary>
/// Looks at what comes before the root element, before any XML parser does: refuses a DOCTYPE that declares
/// entities (billion laughs, external files) without expanding or opening anything, spots HTML pages, and finds
/// where the XML really starts. It reads only the prolog of a feed, so it costs nothing on a feed of any size; an
/// HTML page is searched for a feed inside it in a few bounded passes.
/// </summary>
internal static class XmlProlog
{
    public const string EntityDeclarationsRefused = "The feed declares its own XML entities (a DTD); Clipping refuses such feeds for safety";

    /// <summary>
    /// Where the XML to parse lies: past leading whitespace, BOMs and, when an XML declaration follows, junk; and, for a
    /// feed wrapped in an (X)HTML page, just the feed element.
    /// </summary>
    /// <exception cref="FeedParseException">The document is an HTML page with no feed inside, or its DOCTYPE declares entities.</exception>
    public static Range Inspect(string text, List<string> warnings)
    {
        var start = SkipBlank(text, 0);
        if (start < text.Length && text[start] != '<')
        {
            // Server-side warnings printed before the feed: the feed starts at its declaration.
            var declaration = text.IndexOf("<?xml", start, StringComparison.Ordinal);
            if (declaration > 0)
            {
                warnings.Add("Ignored text before the start of the XML");
                start = declaration;
            }
        }

        var i = start;
        while (true)
        {
            i = SkipBlank(text, i);
            if (IsDeclaration(text, i) && i > start)
            {
                // A comment, a processing instruction or a blank line before the declaration makes the document
                // not XML to a strict parser; browsers and lenient parsers read on, and so does Clipping.
                warnings.Add("Ignored what came before the XML declaration");
                start = i;
            }
            if (At(text, i, "<?")) i = After(text, i, "?>");
            else if (At(text, i, "<!--")) i = After(text, i, "-->");
            else if (At(text, i, "<!DOCTYPE")) i = InspectDoctype(text, i);
            else break;
        }
        // The root element decides, not the DOCTYPE: an HTML DOCTYPE before <rss> is a template's mistake, not a page.
        if (At(text, i, "<html") && i + 5 < text.Length && (char.IsWhiteSpace(text[i + 5]) || text[i + 5] == '>'))
        {
            if (EmbeddedFeed(text, i) is { } feed)
            {
                warnings.Add("The feed is wrapped in an HTML page: read the feed inside it");
                return feed;
            }
            throw HtmlPage.NotAFeed(text);
        }
        return start..;
    }

    // A page is searched for a feed with a bounded number of looks, each over a bounded span, so a hostile page of
    // endless "<rss<rss<rss" costs a few passes over the text, not one per candidate.
    private const int MaxCandidates = 8;
    private const int MaxTagLength = 4096;

    /// <summary>An Atom &lt;feed&gt; (in Atom's namespace) or an &lt;rss&gt; element inside an (X)HTML page, as some blog tools serve them.</summary>
    private static Range? EmbeddedFeed(string text, int from)
    {
        foreach (var (open, close) in new[] { ("<feed", "</feed>"), ("<rss", "</rss>") })
        {
            var end = text.LastIndexOf(close, StringComparison.OrdinalIgnoreCase);
            if (end < from) continue;
            var at = text.IndexOf(open, from, end - from, StringComparison.OrdinalIgnoreCase);
            for (var look = 0; at >= 0 && look < MaxCandidates; look++)
            {
                var next = at + open.Length;
                if (next >= end) break;
                var tagEnd = text.IndexOf('>', next, Math.Min(MaxTagLength, end - next));
                if (tagEnd < 0) break;
                var isTag = char.IsWhiteSpace(text[next]) || text[next] == '>';
                if (isTag && (open == "<rss" || text.AsSpan(at, tagEnd - at).Contains("http://www.w3.org/2005/Atom", StringComparison.Ordinal)))
                {
                    return at..(end + close.Length);
                }
                at = text.IndexOf(open, tagEnd, end - tagEnd, StringComparison.OrdinalIgnoreCase);
            }
        }
        return null;
    }

    private static int InspectDoctype(string text, int at)
    {
        var close = text.IndexOf('>', at);
        var subset = text.IndexOf('[', at);
        if (subset < 0 || (close >= 0 && close < subset)) return close < 0 ? text.Length : close + 1;

        // An internal subset. Entity declarations are what make a DOCTYPE dangerous; anything else in it is ignored.
        var subsetEnd = text.IndexOf(']', subset);
        if (subsetEnd < 0) throw new FeedParseException(EntityDeclarationsRefused);
        if (text.AsSpan(subset, subsetEnd - subset).Contains("<!ENTITY", StringComparison.Ordinal))
            throw new FeedParseException(EntityDeclarationsRefused);
        close = text.IndexOf('>', subsetEnd);
        return close < 0 ? text.Length : close + 1;
    }

    private static bool IsDeclaration(string text, int i) =>
        At(text, i, "<?xml") && i + 5 < text.Length && char.IsWhiteSpace(text[i + 5]);

    private static bool At(string text, int i, string what) =>
        i < text.Length && text.AsSpan(i).StartsWith(what, StringComparison.OrdinalIgnoreCase);

    private static int After(string text, int i, string end)
    {
        var at = text.IndexOf(end, i, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + end.Length;
    }

    private static int SkipBlank(string text, int i)
    {
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF')) i++;
        return i;
    }
}
