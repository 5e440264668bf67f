using System.Globalization;
using System.Text.Json.Nodes;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>Reads gofeed's universal model (its translator tests' X.json) into the fields Clipping compares.</summary>
internal static class GofeedExpectations
{
    public static ExpectedFeed Read(string expectedPath)
    {
        var feed = JsonNode.Parse(File.ReadAllText(expectedPath))!.AsObject();
        var items = feed["items"] as JsonArray ?? [];
        return new ExpectedFeed(Str(feed, "title"), Str(feed, "link"), [.. items.OfType<JsonObject>().Select(ReadItem)]);
    }

    private static ExpectedItem ReadItem(JsonObject item) => new(
        Title: Str(item, "title"),
        Link: Str(item, "link"),
        Id: Str(item, "guid"),
        // "published" is the text as written; the "Parsed" fields say which instant gofeed read. Clipping's Published is
        // the publication time, else the update time, so the same rule picks the expected one.
        Published: Instant(item, "publishedParsed") ?? Instant(item, "updatedParsed"),
        Authors: Names(item),
        Tags: [.. (item["categories"] as JsonArray ?? []).Select(static c => c?.GetValue<string>()).OfType<string>()]);

    /// <summary>The names in "authors", else in the older single "author". An author given only by email has no name to compare.</summary>
    private static List<string> Names(JsonObject item)
    {
        var authors = item["authors"] as JsonArray ?? (item["author"] is JsonObject single ? [single.DeepClone()] : []);
        return [.. authors.OfType<JsonObject>().Select(static a => Str(a, "name")).OfType<string>()];
    }

    private static DateTimeOffset? Instant(JsonObject item, string name) =>
        Str(item, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string? Str(JsonObject parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
