using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>Reads feed-rs's model (X.serde.json) into the fields Clipping compares.</summary>
internal static partial class FeedRsExpectations
{
    /// <param name="document">The feed's text, to tell the ids the feed gives from those feed-rs invents.</param>
    public static ExpectedFeed Read(string expectedPath, string document)
    {
        var feed = JsonNode.Parse(File.ReadAllText(expectedPath))!.AsObject();
        var entries = feed["entries"] as JsonArray ?? [];
        return new ExpectedFeed(Text(feed["title"]), AlternateLink(feed), [.. entries.OfType<JsonObject>().Select(e => ReadEntry(e, document))]);
    }

    private static ExpectedItem ReadEntry(JsonObject entry, string document) => new(
        Title: Text(entry["title"]),
        Link: AlternateLink(entry),
        Id: Str(entry, "id") is { } id && AppearsIn(document, id) ? id : null,
        // Clipping's Published is the publication time, else the update time: the same rule picks the expected one.
        Published: Instant(entry, "published") ?? Instant(entry, "updated"),
        Authors: [.. List(entry, "authors").Select(static a => Str(a, "name")).OfType<string>()],
        Tags: [.. List(entry, "categories").Select(static c => Str(c, "term")).OfType<string>()]);

    /// <summary>
    /// feed-rs keeps every link with its rel and does not single one out. The page is the first link whose rel is
    /// alternate or missing, which is how Atom defines it and where feed-rs puts RSS's &lt;link&gt; and JSON's url.
    /// </summary>
    private static string? AlternateLink(JsonObject parent) =>
        List(parent, "links").Where(static l => Str(l, "rel") is null or "alternate").Select(static l => Str(l, "href")).FirstOrDefault();

    /// <summary>feed-rs invents an id (a hash, or a random UUID) for an entry that has none: such an id appears nowhere in the feed.</summary>
    private static bool AppearsIn(string document, string id) =>
        document.Contains(id, StringComparison.Ordinal)
        || document.Contains(WebUtility.HtmlEncode(id), StringComparison.Ordinal)
        || document.Contains(id.Replace("/", "\\/", StringComparison.Ordinal), StringComparison.Ordinal);

    /// <summary>A text construct's content; HTML is reduced to its text, as a reader sees it, since Clipping keeps titles as plain text.</summary>
    private static string? Text(JsonNode? node)
    {
        if (node is not JsonObject text || Str(text, "content") is not { } content) return null;
        return Str(text, "content_type") == "text/html" ? WebUtility.HtmlDecode(Tag().Replace(content, " ")) : content;
    }

    private static DateTimeOffset? Instant(JsonObject entry, string name) =>
        Str(entry, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    private static IEnumerable<JsonObject> List(JsonObject parent, string name) => (parent[name] as JsonArray ?? []).OfType<JsonObject>();

    private static string? Str(JsonObject parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
