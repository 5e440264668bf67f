using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace Clipping.Content;

/// <summary>
/// Turns hostile feed HTML into what the page and feeds may show. HtmlSanitizer (on AngleSharp) does the
/// allow-listing and makes URLs absolute; this adds the link policy and reads the excerpt and first image
/// from the same DOM, so the content is parsed once.
/// </summary>
public sealed class HtmlCleaner
{
    public const int DefaultExcerptLength = 300;

    /// <summary>Content larger than this is cut before cleaning: no blog post needs more, and the stores have limits.</summary>
    public const int MaxInputLength = 200_000;

    // Made on first use: building one (AngleSharp's CSS tables among it) is a large share of a refresh process that has
    // nothing new to clean, such as one where every feed answers 304.
    private readonly Lazy<HtmlSanitizer> _sanitizer = new(CreateSanitizer);
    private readonly int _excerptLength;

    public HtmlCleaner(int excerptLength = DefaultExcerptLength)
    {
        _excerptLength = excerptLength;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        // Styles can carry expressions and exfiltrate via url(); classes and ids mean nothing outside the source site.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedAttributes.Remove("target");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedTags.Remove("option");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", "nofollow ugc noopener");
            }
        };
        return sanitizer;
    }

    /// <param name="html">The post's HTML as published.</param>
    /// <param name="baseUrl">What relative URLs resolve against (xml:base, else the post's link); null leaves them to be dropped.</param>
    public CleanHtml Clean(string? html, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html)) return new CleanHtml("", "", null);
        if (html.Length > MaxInputLength) html = html[..MaxInputLength];

        var document = _sanitizer.Value.SanitizeDom(html, baseUrl ?? "");
        var body = document.Body;
        if (body is null) return new CleanHtml("", "", null);

        DropRelativeUrls(body);
        var firstImage = body.QuerySelectorAll("img[src]")
            .Select(img => img.GetAttribute("src"))
            .FirstOrDefault(IsAbsoluteHttp);
        return new CleanHtml(body.InnerHtml.Trim(), Excerpt(BlockText.Of(body), _excerptLength), firstImage);
    }

    /// <summary>
    /// Plain text of <paramref name="text"/>, whitespace collapsed, cut at a word boundary with an ellipsis. Paragraph
    /// breaks (<see cref="BlockText.Break"/>) become a blank line ("\n\n"); all other whitespace becomes one space.
    /// </summary>
    public static string Excerpt(string? text, int maxLength = DefaultExcerptLength)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var collapsed = new StringBuilder(Math.Min(text.Length, maxLength + 32));
        var space = false;
        var paragraph = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = collapsed.Length > 0;
                paragraph |= c == BlockText.Break && collapsed.Length > 0;
                continue;
            }
            if (paragraph) collapsed.Append("\n\n");
            else if (space) collapsed.Append(' ');
            space = paragraph = false;
            collapsed.Append(c);
            if (collapsed.Length > maxLength + 1) break;
        }
        if (collapsed.Length <= maxLength) return collapsed.ToString();
        var cut = collapsed.ToString(0, maxLength);
        var lastSpace = cut.LastIndexOfAny([' ', '\n']);
        if (lastSpace > maxLength / 2) cut = cut[..lastSpace];
        return cut.TrimEnd(',', ';', ':', '.', ' ', '\n', '-', '\u2013', '\u2014') + "\u2026";
    }

    /// <summary>
    /// The first <paramref name="maxLength"/> characters of already-clean HTML, cut between tags and re-serialised so every
    /// element is closed, with an ellipsis saying it was cut.
    /// </summary>
    public static string Truncate(string html, int maxLength)
    {
        if (html.Length <= maxLength) return html;
        var cut = html[..Math.Max(0, maxLength)];
        var lastTag = cut.LastIndexOf('<');
        if (lastTag > cut.LastIndexOf('>')) cut = cut[..lastTag];
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var document = parser.ParseDocument("");
        var fragment = parser.ParseFragment(cut, document.Body!);
        return string.Concat(fragment.Select(n => n.ToHtml())) + "<p>\u2026</p>";
    }

    /// <summary>Plain text of an HTML fragment (titles that arrive as HTML).</summary>
    public static string TextOf(string? html, int maxLength = 1000)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        if (html.IndexOf('<') < 0 && html.IndexOf('&') < 0) return Excerpt(html, maxLength);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var document = parser.ParseDocument("");
        var fragment = parser.ParseFragment(html, document.Body!);
        return Excerpt(string.Concat(fragment.Select(n => n.TextContent)), maxLength);
    }

    // A URL that could not be made absolute (no base known) would point at our own site instead of the source's.
    private static void DropRelativeUrls(IElement root)
    {
        foreach (var element in root.QuerySelectorAll("[href],[src]").ToList())
        {
            foreach (var name in new[] { "href", "src" })
            {
                var value = element.GetAttribute(name);
                if (value is null || IsAbsoluteHttp(value) || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) continue;
                if (element is IHtmlImageElement) element.Remove();
                else element.RemoveAttribute(name);
            }
        }
    }

    private static bool IsAbsoluteHttp(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
