using System.Net;
using Clipping.Web.Views;
using Microsoft.AspNetCore.Components;

namespace Clipping.Web.Pages;

/// <summary>
/// The page's feed autodiscovery links. Written by hand because Razor's encoder turns the '+' of
/// "application/rss+xml" into "&amp;#x2B;", which is valid HTML but trips the simple matchers many feed readers use.
/// Every value is still HTML-encoded, by WebUtility.
/// </summary>
internal static class FeedLinks
{
    private static readonly (string File, string Type, string Label)[] Formats =
    [
        ("rss.xml", "application/rss+xml", "RSS"),
        ("atom.xml", "application/atom+xml", "Atom"),
        ("feed.json", "application/feed+json", "JSON Feed"),
    ];

    public static MarkupString For(ClippingView view) => new(string.Join("\n    ", Formats.Select(f =>
        $"<link rel=\"alternate\" type=\"{f.Type}\" title=\"{WebUtility.HtmlEncode($"{view.FeedTitle} ({f.Label})")}\" href=\"{WebUtility.HtmlEncode(view.FeedUrl(f.File))}\">")));
}
