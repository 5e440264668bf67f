using System.Net;
using System.Text.RegularExpressions;
using Clipping.Clippings;

namespace Clipping.Conversations;

/// <summary>An address a clipping's content links to, with the clipping key a clipping of that address would have.</summary>
public sealed record OutboundLink(string Url, string Key);

/// <summary>
/// The articles a clipping's content links to, other than itself: what makes a post a reply to another. Read from the
/// stored HTML, which the cleaner has made absolute and serialised with double-quoted attributes.
/// </summary>
public static partial class ClippingLinks
{
    /// <summary>A post linking to more than this many articles is a link list, not a reply: the rest are not followed.</summary>
    public const int MaxLinks = 20;

    [GeneratedRegex("<a\\s[^>]*?href=\"(?<href>[^\"]+)\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anchor();

    public static IReadOnlyList<OutboundLink> Of(Clippings.Clipping clipping)
    {
        var links = new List<OutboundLink>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { clipping.Key };
        foreach (Match match in Anchor().Matches(clipping.ContentHtml))
        {
            var url = WebUtility.HtmlDecode(match.Groups["href"].Value);
            if (CanonicalUrl.Of(url) is not { } canonical) continue;
            var key = CanonicalUrl.Hash(canonical);
            if (!seen.Add(key)) continue;
            links.Add(new OutboundLink(url, key));
            if (links.Count == MaxLinks) break;
        }
        return links;
    }
}
