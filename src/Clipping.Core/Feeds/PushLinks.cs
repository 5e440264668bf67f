namespace Clipping.Feeds;

/// <summary>
/// Where a feed says its updates are pushed from (WebSub): its hub, and the topic URL to subscribe to there (its
/// rel="self", else the address it was fetched from). Found in the HTTP Link header first, as the spec says subscribers
/// must look, else in the document (atom:link in RSS and Atom, "hubs" in JSON Feed).
/// </summary>
public sealed record PushLinks(Uri Hub, Uri Topic)
{
    /// <summary>The links from a hub and a self href, resolved against the document's address; null without a usable hub.</summary>
    public static PushLinks? From(string? hubHref, string? selfHref, Uri? documentUrl)
    {
        if (Parsing.Fields.FeedUrls.HttpUri(hubHref, documentUrl) is not { } hub) return null;
        var topic = Parsing.Fields.FeedUrls.HttpUri(selfHref, documentUrl) ?? documentUrl;
        return topic is null ? null : new PushLinks(hub, topic);
    }

    /// <summary>The links an HTTP response's Link headers give (RFC 8288), or null when they name no hub.</summary>
    public static PushLinks? FromLinkHeaders(IEnumerable<string> values, Uri documentUrl)
    {
        string? hub = null, self = null;
        foreach (var value in values)
        {
            foreach (var (target, rels) in Parse(value))
            {
                if (hub is null && rels.Contains("hub")) hub = target;
                if (self is null && rels.Contains("self")) self = target;
            }
        }
        return From(hub, self, documentUrl);
    }

    // Link: <https://hub.example/>; rel="hub", <https://blog.example/feed>; rel="self alternate"
    private static IEnumerable<(string Target, HashSet<string> Rels)> Parse(string header)
    {
        var at = 0;
        while (at < header.Length)
        {
            var open = header.IndexOf('<', at);
            if (open < 0) yield break;
            var close = header.IndexOf('>', open + 1);
            if (close < 0) yield break;
            var target = header[(open + 1)..close];
            var next = header.IndexOf('<', close + 1);
            var parameters = next < 0 ? header[(close + 1)..] : header[(close + 1)..next];
            var rels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=');
                if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var rel in parameter[(equals + 1)..].Trim().Trim(',').Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries)) rels.Add(rel);
            }
            yield return (target, rels);
            if (next < 0) yield break;
            at = next;
        }
    }
}
