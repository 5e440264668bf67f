using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;

namespace Clipping.Publishing;

/// <summary>A name a clipping is credited to, with the page it links to when there is one.</summary>
internal sealed record FeedCredit(string Name, string? Url);

/// <summary>What the RSS, Atom and JSON writers share, so the three feeds cannot drift apart.</summary>
internal static class FeedFormatting
{
    public const string Generator = "Clipping";

    public static XmlWriter CreateXmlWriter(Stream output) => XmlWriter.Create(output, new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        NewLineChars = "\n",
        // The caller owns the stream (an HTTP response, a file it is about to rename).
        CloseOutput = false,
    });

    /// <summary>
    /// Who a clipping is credited to: every contributor who carried it, in order, each once.
    /// Falls back to the article's own authors only when no source is recorded.
    /// </summary>
    public static IReadOnlyList<FeedCredit> Credits(Clippings.Clipping clipping)
    {
        var credits = clipping.Sources
            .DistinctBy(s => s.ContributorId, StringComparer.Ordinal)
            .Where(s => !string.IsNullOrWhiteSpace(s.ContributorName))
            .Select(s => new FeedCredit(Text(s.ContributorName.Trim()), AbsoluteUrl(s.ContributorSiteUrl)))
            .ToList();
        if (credits.Count > 0) return credits;
        return clipping.Authors
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => new FeedCredit(Text(a.Trim()), null))
            .ToList();
    }

    /// <summary>The first contributor, whose site the RSS/Atom <c>source</c> element names.</summary>
    public static Clippings.ClippingSource? FirstSource(Clippings.Clipping clipping) =>
        clipping.Sources.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s.ContributorName));

    /// <summary>The feed a source came from, when its contributor is still known.</summary>
    public static string? SourceFeedUrl(FeedView view, Clippings.ClippingSource source) =>
        view.SourceFeeds.TryGetValue(source.ContributorId, out var url) ? AbsoluteUrl(url) : null;

    /// <summary>
    /// When the post itself says it was last updated (its first source's own date), else when it was published: what a
    /// feed's per-item "updated" means. Never before it was published.
    /// </summary>
    public static DateTimeOffset PostUpdated(Clippings.Clipping clipping) =>
        FirstSource(clipping)?.Updated is { } updated && updated > clipping.Published ? updated : clipping.Published;

    /// <summary>The original article's URL, or null when the clipping has no usable one.</summary>
    public static string? ArticleUrl(Clippings.Clipping clipping) => AbsoluteUrl(clipping.Link);

    /// <summary>
    /// <paramref name="url"/> when it is an absolute http(s) URL, else null. Feed readers reject a whole
    /// feed over one malformed link, so anything doubtful is left out rather than passed on.
    /// </summary>
    public static string? AbsoluteUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
    }

    /// <summary>
    /// <paramref name="value"/> without characters XML cannot carry (control characters, lone surrogates).
    /// XmlWriter and Utf8JsonWriter throw on those, and one stray byte in a contributor's post
    /// must not take the whole feed down.
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        StringBuilder? clean = null;
        var i = 0;
        while (i < value.Length)
        {
            var width = XmlConvert.IsXmlChar(value[i]) ? 1
                : i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]) ? 2
                : 0;
            if (width == 0)
            {
                clean ??= new StringBuilder(value.Length).Append(value, 0, i);
                i++;
                continue;
            }
            clean?.Append(value, i, width);
            i += width;
        }
        return clean?.ToString() ?? value;
    }

    /// <summary>The HTML an item carries: its content, else its excerpt encoded as HTML, else empty.</summary>
    /// <summary>A clipping's title as HTML, linking to the original when it has a usable address.</summary>
    public static string LinkedTitle(Clippings.Clipping clipping) => AbsoluteUrl(clipping.Link) is { } link
        ? $"<a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">{System.Net.WebUtility.HtmlEncode(clipping.Title)}</a>"
        : System.Net.WebUtility.HtmlEncode(clipping.Title);

    public static string ItemHtml(Clippings.Clipping clipping) =>
        !string.IsNullOrWhiteSpace(clipping.ContentHtml) ? Text(clipping.ContentHtml)
        : !string.IsNullOrWhiteSpace(clipping.ExcerptText) ? WebUtility.HtmlEncode(Text(clipping.ExcerptText))
        : "";

    /// <summary>RFC 1123 / RFC 822 in GMT, as RSS dates are written.</summary>
    public static string Rfc1123(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, as Atom and JSON Feed dates are written.</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
