using System.Text.Json;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Formats;

/// <summary>Maps JSON Feed 1.0 and 1.1 (jsonfeed.org) into the model.</summary>
internal static class JsonFeedAdapter
{
    private const string VersionPrefix = "https://jsonfeed.org/version/1";

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Whether the text is JSON rather than XML. The body decides, not the Content-Type: servers mislabel both ways.</summary>
    public static bool Claims(string text)
    {
        var span = text.AsSpan().TrimStart();
        return span.Length > 0 && span[0] == '{';
    }

    // "hubs": [{ "type": "WebSub", "url": "https://hub.example/" }]
    private static string? WebSubHub(JsonElement root) =>
        root.TryGetProperty("hubs", out var hubs) && hubs.ValueKind == JsonValueKind.Array
            ? hubs.EnumerateArray().Where(static h => h.ValueKind == JsonValueKind.Object && string.Equals(Str(h, "type"), "WebSub", StringComparison.OrdinalIgnoreCase))
                .Select(static h => Str(h, "url")).FirstOrDefault(static u => u is not null)
            : null;

    /// <exception cref="FeedParseException">The JSON is broken, or is not a JSON Feed.</exception>
    public static ParsedFeed Read(string text, string? contentType, FeedContext context)
    {
        using var document = ParseJson(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FeedParseException("Not a feed: this is JSON, but not a JSON Feed");
        if (!IsJsonFeed(root, contentType))
            throw new FeedParseException("Not a feed: this is JSON, but not a JSON Feed (it names no jsonfeed.org version)");

        var feedLink = FeedUrls.HttpUri(Str(root, "home_page_url"), context.DocumentUrl);
        context.DeclaresHub(WebSubHub(root), Str(root, "feed_url"));
        var feedBase = feedLink ?? context.DocumentUrl;
        var feedAuthors = Authors(root);
        var items = root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(static i => i.ValueKind == JsonValueKind.Object)
            : [];
        var posts = context.Limit(items).Select(item => ReadItem(item, feedAuthors).ToPost(feedBase, context.Warnings)).ToList();
        context.OffersIcons(feedBase, [Str(root, "icon"), Str(root, "favicon"), .. Avatars(root)]);
        return context.Finish(FeedFormat.JsonFeed, FeedText.HtmlToPlain(Str(root, "title")), feedLink?.AbsoluteUri, posts);
    }

    /// <summary>A jsonfeed.org version says so; failing that, a feed content type, or a version beside an items list
    /// (feeds that write "version": "1.1"), is taken at its word.</summary>
    private static bool IsJsonFeed(JsonElement root, string? contentType)
    {
        var version = Str(root, "version");
        if (version is not null && (version.StartsWith(VersionPrefix, StringComparison.OrdinalIgnoreCase)
            || version.StartsWith("http://jsonfeed.org/version/1", StringComparison.OrdinalIgnoreCase))) return true;
        if (contentType?.Contains("feed+json", StringComparison.OrdinalIgnoreCase) == true) return true;
        return version is not null && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array;
    }

    private static PostDraft ReadItem(JsonElement item, List<string?> feedAuthors)
    {
        var authors = Authors(item);
        var summary = FeedText.TextToHtml(Str(item, "summary"));
        return new PostDraft
        {
            Id = Str(item, "id"),
            Title = Str(item, "title"),
            Link = Str(item, "url") ?? Str(item, "external_url"),
            Published = FeedDates.Parse(Str(item, "date_published")),
            Updated = FeedDates.Parse(Str(item, "date_modified")),
            DateText = Str(item, "date_published") ?? Str(item, "date_modified"),
            // In 1.1 an item without authors has the feed's.
            Authors = authors.Count > 0 ? authors : feedAuthors,
            Tags = item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Select(static t => t.ValueKind == JsonValueKind.String ? t.GetString() : null)]
                : [],
            SummaryHtml = summary,
            ContentHtml = Str(item, "content_html") ?? FeedText.TextToHtml(Str(item, "content_text")) ?? summary,
            ImageUrl = Str(item, "image") ?? Str(item, "banner_image"),
        };
    }

    /// <summary>The feed's authors' avatars, 1.1's "authors" then 1.0's "author".</summary>
    private static IEnumerable<string?> Avatars(JsonElement root)
    {
        if (root.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in authors.EnumerateArray().Where(static a => a.ValueKind == JsonValueKind.Object)) yield return Str(author, "avatar");
        }
        if (root.TryGetProperty("author", out var one) && one.ValueKind == JsonValueKind.Object) yield return Str(one, "avatar");
    }

    /// <summary>1.1's "authors" array, else 1.0's single "author".</summary>
    private static List<string?> Authors(JsonElement parent)
    {
        if (parent.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
            return [.. authors.EnumerateArray().Where(static a => a.ValueKind == JsonValueKind.Object).Select(static a => Str(a, "name"))];
        return parent.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? [Str(author, "name")] : [];
    }

    /// <summary>A string property; ids written as numbers count too.</summary>
    private static string? Str(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static JsonDocument ParseJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            throw new FeedParseException($"The feed is broken JSON (line {e.LineNumber + 1})", e);
        }
    }
}
