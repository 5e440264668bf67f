using System.Text.Json;

namespace Clipping.Publishing;

/// <summary>Writes a topic's combined feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1).</summary>
public static class JsonFeedWriter
{
    public const string ContentType = "application/feed+json; charset=utf-8";
    public const string Version = "https://jsonfeed.org/version/1.1";

    public static void Write(Stream output, FeedView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        // The default encoder escapes <, >, & and quotes as \uXXXX, so the JSON stays inert even if
        // a browser is ever tricked into reading it as HTML.
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", Version);
        json.WriteString("title", FeedFormatting.Text(view.Title));
        json.WriteString("home_page_url", view.PageUrl.AbsoluteUri);
        json.WriteString("feed_url", view.SelfUrl.AbsoluteUri);
        if (!string.IsNullOrWhiteSpace(view.Site.Description)) json.WriteString("description", FeedFormatting.Text(view.Site.Description));
        if (!string.IsNullOrWhiteSpace(view.Site.Language)) json.WriteString("language", view.Site.Language.Trim());
        if (view.Hub is { } hub)
        {
            json.WriteStartArray("hubs");
            json.WriteStartObject();
            json.WriteString("type", "WebSub");
            json.WriteString("url", hub.AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartArray("items");
        foreach (var clipping in view.Items) WriteItem(json, view, clipping);
        json.WriteEndArray();

        json.WriteEndObject();
        json.Flush();
    }


    private static void WriteItem(Utf8JsonWriter json, FeedView view, Clippings.Clipping clipping)
    {
        json.WriteStartObject();
        // The same id as the RSS guid and Atom id, so a reader moving between formats sees the same items.
        json.WriteString("id", view.ItemId(clipping));
        if (FeedFormatting.ArticleUrl(clipping) is { } url) json.WriteString("url", url);
        json.WriteString("title", FeedFormatting.Text(clipping.Title));

        var html = FeedFormatting.ItemHtml(clipping);
        // JSON Feed requires content_html or content_text on every item, even when there is nothing to show.
        if (html.Length > 0) json.WriteString("content_html", html);
        else json.WriteString("content_text", "");
        if (!string.IsNullOrWhiteSpace(clipping.ExcerptText)) json.WriteString("summary", FeedFormatting.Text(clipping.ExcerptText));
        if (FeedFormatting.AbsoluteUrl(clipping.ImageUrl) is { } image) json.WriteString("image", image);
        json.WriteString("date_published", FeedFormatting.Rfc3339(clipping.Published));
        json.WriteString("date_modified", FeedFormatting.Rfc3339(FeedFormatting.PostUpdated(clipping)));

        var tags = clipping.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (tags.Count > 0)
        {
            json.WriteStartArray("tags");
            foreach (var tag in tags) json.WriteStringValue(FeedFormatting.Text(tag.Trim()));
            json.WriteEndArray();
        }

        var credits = FeedFormatting.Credits(clipping);
        if (credits.Count > 0)
        {
            json.WriteStartArray("authors");
            foreach (var credit in credits)
            {
                json.WriteStartObject();
                json.WriteString("name", credit.Name);
                if (credit.Url is not null) json.WriteString("url", credit.Url);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
