using System.Text;
using AngleSharp.Dom;

namespace Clipping.Content;

/// <summary>
/// The plain text of clean HTML with its paragraph breaks kept: each block element (a paragraph, a list item, a
/// heading, a line break) ends with <see cref="Break"/>, which <see cref="HtmlCleaner.Excerpt"/> turns into a blank
/// line. Without them "…co-ordinates.</p><p>See my earlier post" reads "co-ordinates.See my earlier post".
/// </summary>
internal static class BlockText
{
    /// <summary>U+2029 PARAGRAPH SEPARATOR: whitespace to everything else, so text without blocks reads as before.</summary>
    public const char Break = '\u2029';

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "table", "tr", "section", "article", "aside", "header", "footer", "figure", "figcaption", "hr", "br", "address",
        "details", "summary", "main", "nav",
    };

    public static string Of(INode root)
    {
        var text = new StringBuilder();
        Append(root, text);
        return text.ToString();
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.LocalName);
                    if (block) text.Append(Break);
                    Append(e, text);
                    if (block) text.Append(Break);
                    break;
            }
        }
    }
}
