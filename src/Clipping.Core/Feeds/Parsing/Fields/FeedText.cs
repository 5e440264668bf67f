using System.Net;
using System.Text;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Turns the text a feed gives (titles, names) into plain, tidy text.</summary>
internal static class FeedText
{
    /// <summary>Trimmed text, or null when nothing is left.</summary>
    public static string? NullIfBlank(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>Plain text from text that may carry markup and entities (RSS titles, Atom type="html").</summary>
    /// <remarks>Tags go first, then entities: "&amp;lt;b&amp;gt;" in HTML is the text "&lt;b&gt;", not a tag.</remarks>
    public static string? HtmlToPlain(string? html)
    {
        if (html is null) return null;
        var text = html.Contains('<', StringComparison.Ordinal) ? StripTags(html) : html;
        if (text.Contains('&', StringComparison.Ordinal)) text = WebUtility.HtmlDecode(text);
        return CollapseWhitespace(text);
    }

    /// <summary>Runs of whitespace (newlines, tabs, no-break spaces) become one space; null when nothing is left.</summary>
    public static string? CollapseWhitespace(string? text)
    {
        if (text is null) return null;
        if (!NeedsCollapsing(text)) return text.Length == 0 ? null : text;
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace) result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.Length == 0 ? null : result.ToString();
    }

    /// <summary>Text content as HTML (Atom type="text", JSON content_text).</summary>
    public static string? TextToHtml(string? text) => text is null ? null : WebUtility.HtmlEncode(text);

    // Most titles are already tidy: checking first saves an allocation per post.
    private static bool NeedsCollapsing(string text)
    {
        if (text.Length == 0) return false;
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]) : char.IsWhiteSpace(c)) return true;
        }
        return false;
    }

    // Only "<" that opens something tag-like is markup: "a < b" and "<3" are text.
    private static string StripTags(string html)
    {
        var text = new StringBuilder(html.Length);
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] == '<' && i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] is '/' or '!' or '?'))
            {
                var end = html.IndexOf('>', i + 1);
                if (end < 0) break;
                text.Append(' ');
                i = end;
                continue;
            }
            text.Append(html[i]);
        }
        return text.ToString();
    }
}
