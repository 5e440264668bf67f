using System.Security.Cryptography;
using System.Text;

namespace Clipping.Clippings;

/// <summary>
/// The form of a link two contributors' copies of one article share, so they dedupe to one clipping:
/// scheme-less, no leading "www.", default ports, fragment, tracking parameters and trailing slash dropped,
/// the remaining query sorted. Only ever a key: the link shown stays the original.
/// </summary>
public static class CanonicalUrl
{
    // Parameters added by share buttons, mailers and ad networks; they never change the article.
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
        "ref", "ref_src", "ref_url", "_hsenc", "_hsmi", "hsctatracking", "mkt_tok",
        "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "vero_conv", "vero_id", "wickedid", "_ga", "_gl",
        "cmpid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "spm",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "xtor", "sr_share", "guccounter", "guce_referrer", "guce_referrer_sig",
    };

    private static readonly string[] TrackingPrefixes = ["utm_", "pk_", "mtm_", "hmb_", "itm_", "stm_"];

    /// <summary>The canonical key form of <paramref name="url"/>, or null when it is not an absolute http(s) URL.</summary>
    public static string? Of(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var port = uri.IsDefaultPort || uri.Port is 80 or 443 ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var path = uri.AbsolutePath;
        while (path.Length > 1 && path.EndsWith('/')) path = path[..^1];
        if (path == "/") path = "";

        var query = CanonicalQuery(uri.Query);
        return $"{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    /// <summary>A short stable hash of a canonical form, usable as a storage key.</summary>
    public static string Hash(string canonical)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1) return "";
        var kept = new List<(string Name, string Pair)>();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair.Split('=', 2)[0];
            var decodedName = Uri.UnescapeDataString(name.Replace('+', ' '));
            if (IsTracking(decodedName)) continue;
            kept.Add((decodedName, pair));
        }
        kept.Sort((a, b) => string.CompareOrdinal(a.Pair, b.Pair));
        return string.Join('&', kept.Select(k => k.Pair));
    }

    private static bool IsTracking(string name) =>
        TrackingParameters.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
