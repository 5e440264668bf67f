using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Clipping.Web.Email;

/// <summary>
/// Makes a page's HTML fit for mail: the site's styles written onto each element (mail clients drop style sheets and
/// classes), every link and image address made absolute (a mail has no address of its own), and only a short dark-mode
/// override left in the head, for the clients that read it.
/// </summary>
public static class MailStyles
{
    // The site's look (site.css) in the few rules a mail's elements need, in the order they apply.
    private static readonly (string Selector, string Style)[] Rules =
    [
        ("body", "margin: 0; padding: 0; background-color: #fdfdfc; color: #1d1d1f;"),
        (".digest", "max-width: 40em; margin: 0 auto; padding: 16px; background-color: #fdfdfc; color: #1d1d1f; font: 16px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;"),
        ("a", "color: #0b57d0;"),
        (".lead", "font-size: 17px; margin: 0 0 16px;"),
        (".day", "font-size: 14px; text-transform: uppercase; letter-spacing: .04em; margin: 24px 0 0; padding-bottom: 4px; border-bottom: 1px solid #8a8f9660;"),
        (".clipping", "margin: 16px 0 20px; overflow: hidden;"),
        (".clipping h4", "font-size: 19px; line-height: 1.3; margin: 0 0 6px;"),
        (".clipping img:not(.face)", "float: right; max-width: 35%; max-height: 144px; margin: 0 0 8px 16px; border-radius: 4px;"),
        (".via", "font-size: 14px; margin: 0 0 4px;"),
        (".excerpt", "margin: 4px 0 8px;"),
        (".meta", "font-size: 14px; margin: 4px 0;"),
        (".comments", "font-size: 14px; margin: 4px 0;"),
        (".face", "display: inline-block; width: 22px; height: 22px; line-height: 22px; border-radius: 50%; text-align: center; font-size: 10px; font-weight: 600; color: #ffffff; vertical-align: middle; margin-right: 6px;"),
        (".hue-0", "background: #8e2430;"), (".hue-1", "background: #8a4a00;"), (".hue-2", "background: #5c5c00;"), (".hue-3", "background: #226b2a;"),
        (".hue-4", "background: #00676b;"), (".hue-5", "background: #1f4f99;"), (".hue-6", "background: #5b3c99;"), (".hue-7", "background: #8a2f6e;"),
        (".conversation", "list-style: none; padding: 2px 0 2px 12px; margin: 6px 0; border-left: 3px solid #8a8f9660; font-size: 14px;"),
        (".tags", "list-style: none; padding: 0; margin: 4px 0;"),
        (".tags li", "display: inline-block; font-size: 13px; border: 1px solid #8a8f9660; border-radius: 999px; padding: 0 8px; margin: 0 4px 4px 0;"),
        (".tags a", "text-decoration: none;"),
        (".more", "margin: 16px 0;"),
        (".footer", "font-size: 13px; margin-top: 24px; padding-top: 12px; border-top: 1px solid #8a8f9660;"),
    ];

    // The site's own dark colours, for clients that honour the reader's choice; clients that darken mail themselves
    // invert the light ones, which are plain enough to survive it.
    private const string DarkMode = "@media (prefers-color-scheme: dark) { body, body > div { background-color: #17181a !important; color: #e8e8ea !important; } a { color: #8ab4f8 !important; } }";

    public static string Inline(string html, Uri baseUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var (selector, style) in Rules)
        {
            foreach (var element in document.QuerySelectorAll(selector))
            {
                // Rules later in the list win over earlier ones; an element's own style attribute wins over all.
                var own = element.GetAttribute("style");
                element.SetAttribute("style", own is null ? style : style + " " + own);
            }
        }
        foreach (var element in document.QuerySelectorAll("[class]")) element.RemoveAttribute("class");
        foreach (var link in document.QuerySelectorAll("a[href]")) link.SetAttribute("href", Absolute(link.GetAttribute("href")!, baseUrl));
        foreach (var image in document.QuerySelectorAll("img[src]"))
        {
            image.SetAttribute("src", Absolute(image.GetAttribute("src")!, baseUrl));
            image.RemoveAttribute("loading");
        }
        var head = document.Head!;
        var styleElement = document.CreateElement("style");
        styleElement.TextContent = DarkMode;
        head.AppendChild(styleElement);
        return "<!DOCTYPE html>\n" + document.DocumentElement.OuterHtml;
    }

    private static string Absolute(string href, Uri baseUrl) =>
        href.StartsWith("urn:", StringComparison.Ordinal) || !Uri.TryCreate(baseUrl, href, out var absolute) ? href : absolute.AbsoluteUri;
}
