using System.Text.Json;
using Clipping.Clippings;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>
/// The statements that merge a sighting, prepared once per write transaction and re-bound for each sighting:
/// preparing them afresh for every sighting cost more than running them.
/// </summary>
internal sealed class SightingCommands : IAsyncDisposable
{
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _writeSource;
    private readonly SqliteCommand _writeClipping;
    private readonly ViewCommands _views;

    public SightingCommands(SqliteConnection connection, SqliteTransaction transaction)
    {
        // The same post seen again keeps its clipping even when its link has changed since.
        _find = Commands.Create(connection, transaction, """
            SELECT data FROM clippings WHERE topic = $topic AND key = $key
            UNION ALL
            SELECT c.data FROM source_items s JOIN clippings c ON c.topic = s.topic AND c.key = s.clipping_key
            WHERE s.topic = $topic AND s.contributor_id = $contributor AND s.item_key = $item
            LIMIT 1
            """, "$topic", "$key", "$contributor", "$item");
        _writeSource = Commands.Create(connection, transaction,
            "INSERT OR REPLACE INTO source_items (topic, contributor_id, item_key, clipping_key, source_hash) VALUES ($topic, $contributor, $item, $key, $hash)",
            "$topic", "$contributor", "$item", "$key", "$hash");
        // An upsert, not INSERT OR REPLACE: the clipping keeps its rowid, which its search text is stored under.
        _writeClipping = Commands.Create(connection, transaction, """
            INSERT INTO clippings (topic, key, published, data) VALUES ($topic, $key, $published, $data)
            ON CONFLICT (topic, key) DO UPDATE SET published = excluded.published, data = excluded.data
            RETURNING rowid
            """, "$topic", "$key", "$published", "$data");
        _views = new ViewCommands(connection, transaction);
    }

    public async Task<Clippings.Clipping?> FindAsync(string topic, Sighting sighting, CancellationToken cancellationToken)
    {
        Commands.Bind(_find, topic, sighting.Key, sighting.ContributorId, sighting.ItemKey);
        return await _find.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, StoreJson.Stored.Clipping)
            : null;
    }

    public async Task WriteSourceItemAsync(string topic, Sighting sighting, string clippingKey, CancellationToken cancellationToken)
    {
        Commands.Bind(_writeSource, topic, sighting.ContributorId, sighting.ItemKey, clippingKey, sighting.SourceHash);
        await _writeSource.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="isNew">True when no clipping with this key was stored before.</param>
    public async Task WriteClippingAsync(Clippings.Clipping clipping, bool isNew, CancellationToken cancellationToken)
    {
        Commands.Bind(_writeClipping, clipping.Topic, clipping.Key, clipping.Published.UtcTicks, JsonSerializer.Serialize(clipping, StoreJson.Stored.Clipping));
        var rowId = (long)(await _writeClipping.ExecuteScalarAsync(cancellationToken))!;
        await _views.IndexAsync(rowId, clipping, isNew, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _find.DisposeAsync();
        await _writeSource.DisposeAsync();
        await _writeClipping.DisposeAsync();
        await _views.DisposeAsync();
    }
}
