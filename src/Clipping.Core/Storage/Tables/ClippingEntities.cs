using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Clipping.Content;

namespace Clipping.Storage.Tables;

/// <summary>
/// How a clipping is kept in a table entity: as JSON split over string properties, because one property holds at most
/// 32K characters. A clipping too large for an entity (1 MiB) has its HTML trimmed deliberately, never rejected.
/// </summary>
internal static class ClippingEntities
{
    private const int ChunkChars = 32_000;
    private const int MaxChunks = 14; // 14 x 32K UTF-16 characters stays under the 1 MiB entity limit with room for the rest.

    public static TableEntity ToEntity(string partition, string rowKey, Clippings.Clipping clipping)
    {
        var json = Fit(clipping);
        var entity = new TableEntity(partition, rowKey)
        {
            ["Key"] = clipping.Key,
            ["Published"] = clipping.Published,
            ["Chunks"] = (json.Length + ChunkChars - 1) / ChunkChars,
        };
        for (int i = 0, offset = 0; offset < json.Length; i++, offset += ChunkChars)
        {
            entity["Data" + i] = json.Substring(offset, Math.Min(ChunkChars, json.Length - offset));
        }
        return entity;
    }

    public static Clippings.Clipping FromEntity(TableEntity entity)
    {
        var chunks = entity.GetInt32("Chunks") ?? 0;
        var json = new StringBuilder(chunks * ChunkChars);
        for (var i = 0; i < chunks; i++) json.Append(entity.GetString("Data" + i));
        return JsonSerializer.Deserialize(json.ToString(), StoreJson.Stored.Clipping)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no clipping.");
    }

    private static string Fit(Clippings.Clipping clipping)
    {
        var json = JsonSerializer.Serialize(clipping, StoreJson.Stored.Clipping);
        var limit = ChunkChars * MaxChunks;
        // Only the HTML can be this large; keep its beginning, closed properly, and say that it was cut.
        for (var room = clipping.ContentHtml.Length; json.Length > limit && room > 0;)
        {
            room = (int)(room * (limit / (double)json.Length) * 0.95);
            json = JsonSerializer.Serialize(clipping with { ContentHtml = HtmlCleaner.Truncate(clipping.ContentHtml, room) }, StoreJson.Stored.Clipping);
        }
        return json;
    }
}
