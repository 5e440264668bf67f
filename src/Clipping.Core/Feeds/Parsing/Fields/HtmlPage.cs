using AngleSharp.Html.Parser;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Recognises an HTML page served where a feed was expected (an error page, a login wall, a home page) and says which.</summary>
internal static class HtmlPage
{
    // The title is in the head; a huge page need not be parsed to the end to find it.
    private const int TitleSearchLength = 64 * 1024;

    public static FeedParseException NotAFeed(string text)
    {
        var title = TitleOf(text);
        var message = title is null ? "This is an HTML page, not a feed" : $"This is an HTML page ('{title}'), not a feed";
        return new FeedParseException(message) { HtmlTitle = title };
    }

    /// <summary>Whether text that is not XML at all starts like an HTML page.</summary>
    public static bool Looks(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 1024));
        return head.Contains("<html", StringComparison.OrdinalIgnoreCase) || head.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase);
    }

    private static string? TitleOf(string text)
    {
        var head = text.Length > TitleSearchLength ? text[..TitleSearchLength] : text;
        // The page's own title is the one in its head: a <title> further down may be an embedded feed's or an article's.
        var document = new HtmlParser().ParseDocument(head);
        return FeedText.CollapseWhitespace(document.Head?.QuerySelector("title")?.TextContent);
    }
}
