using System.Runtime.CompilerServices;
using System.Text.Json;
using Clipping.Storage.Archive;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

// The store read and written whole, for export, import, copy and verify (see IStoreContents).
public sealed partial class SqliteClippingStore
{
    public async IAsyncEnumerable<StoredRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction: in WAL mode it reads one snapshot throughout, while refreshes go on writing.
        await using var transaction = connection.BeginTransaction(deferred: true);

        await foreach (var row in QueryAsync(connection, transaction, $"SELECT {SqliteContributorRow.Columns} FROM contributors ORDER BY id", cancellationToken))
        {
            yield return new StoredContributor(SqliteContributorRow.Read(row));
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT data FROM clippings ORDER BY topic, key", cancellationToken))
        {
            yield return new StoredClipping(JsonSerializer.Deserialize(row.GetString(0), StoreJson.Stored.Clipping)!);
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT topic, contributor_id, item_key, clipping_key, source_hash FROM source_items ORDER BY topic, contributor_id, item_key", cancellationToken))
        {
            yield return new StoredSource(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4));
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT data FROM subscriptions ORDER BY id", cancellationToken))
        {
            yield return new StoredSubscription(JsonSerializer.Deserialize(row.GetString(0), StoreJson.Stored.HubSubscription)!);
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT data FROM runs ORDER BY started DESC, id", cancellationToken))
        {
            yield return new StoredRun(JsonSerializer.Deserialize(row.GetString(0), StoreJson.Stored.RefreshRun)!);
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT name, xml FROM protection_keys ORDER BY name", cancellationToken))
        {
            yield return new StoredProtectionKey(row.GetString(0), row.GetString(1));
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT value FROM meta WHERE name = 'refresh_started'", cancellationToken))
        {
            yield return new StoredRefreshStart(new DateTimeOffset(row.GetInt64(0), TimeSpan.Zero));
        }
        await foreach (var row in QueryAsync(connection, transaction, "SELECT data FROM email_subscribers ORDER BY id", cancellationToken))
        {
            yield return new StoredSubscriber(JsonSerializer.Deserialize(row.GetString(0), StoreJson.Stored.Subscriber)!);
        }
        await foreach (var row in QueryAsync(connection, transaction, $"SELECT value FROM notes WHERE name = '{Email.SubscriptionTokens.KeyNote}'", cancellationToken))
        {
            yield return new StoredMailKey(row.GetString(0));
        }
    }

    private static async IAsyncEnumerable<SqliteDataReader> QueryAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return reader;
    }

    public async Task WriteAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var clippings = new SightingCommands(connection, transaction);
            foreach (var record in records)
            {
                switch (record)
                {
                    case StoredClipping c:
                        // Not known to be new: a rerun of a move writes the same clipping again, replacing its entries.
                        await clippings.WriteClippingAsync(c.Clipping, isNew: false, cancellationToken);
                        break;
                    case StoredContributor c:
                        await using (var command = Command(connection, transaction, $"INSERT OR REPLACE INTO contributors ({SqliteContributorRow.Columns}) VALUES ({SqliteContributorRow.Parameters})"))
                        {
                            SqliteContributorRow.Bind(command, c.Contributor);
                            await command.ExecuteNonQueryAsync(cancellationToken);
                        }
                        break;
                    case StoredSource s:
                        await ExecuteAsync(connection, transaction,
                            "INSERT OR REPLACE INTO source_items (topic, contributor_id, item_key, clipping_key, source_hash) VALUES ($1, $2, $3, $4, $5)",
                            [s.Topic, s.ContributorId, s.ItemKey, s.ClippingKey, s.SourceHash], cancellationToken);
                        break;
                    case StoredSubscription s:
                        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO subscriptions (id, data) VALUES ($1, $2)",
                            [s.Subscription.Id, JsonSerializer.Serialize(s.Subscription, StoreJson.Stored.HubSubscription)], cancellationToken);
                        break;
                    case StoredRun r:
                        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO runs (id, started, data) VALUES ($1, $2, $3)",
                            [r.Run.Id, r.Run.Started.UtcTicks, JsonSerializer.Serialize(r.Run, StoreJson.Stored.RefreshRun)], cancellationToken);
                        break;
                    case StoredProtectionKey k:
                        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO protection_keys (name, xml) VALUES ($1, $2)", [k.Name, k.Xml], cancellationToken);
                        break;
                    case StoredRefreshStart r:
                        await ExecuteAsync(connection, transaction,
                            "INSERT INTO meta (name, value) VALUES ('refresh_started', $1) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                            [r.Started.UtcTicks], cancellationToken);
                        break;
                    case StoredSubscriber s:
                        await ExecuteAsync(connection, transaction,
                            "INSERT INTO email_subscribers (id, address_key, version, data) VALUES ($1, $2, 1, $3) ON CONFLICT(id) DO UPDATE SET address_key = excluded.address_key, version = version + 1, data = excluded.data",
                            [s.Subscriber.Id, s.Subscriber.AddressKey, JsonSerializer.Serialize(s.Subscriber, StoreJson.Stored.Subscriber)], cancellationToken);
                        break;
                    case StoredMailKey k:
                        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO notes (name, value) VALUES ($1, $2)", [Email.SubscriptionTokens.KeyNote, k.Key], cancellationToken);
                        break;
                    default:
                        throw new ArgumentException($"The SQLite store does not keep {record.GetType().Name}.", nameof(records));
                }
            }
            await BumpChangeStampAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> CheckViewsAsync(CancellationToken cancellationToken)
    {
        // Entries and search text are written in the clipping's own transaction, so any mismatch is damage, not a race.
        var problems = new List<string>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await foreach (var row in QueryAsync(connection, transaction,
            "SELECT e.topic, e.key, count(*) FROM clipping_entries e WHERE NOT EXISTS (SELECT 1 FROM clippings c WHERE c.topic = e.topic AND c.key = e.key) GROUP BY e.topic, e.key LIMIT 20",
            cancellationToken))
        {
            problems.Add($"{row.GetInt64(2)} view entries list the clipping {row.GetString(0)}/{row.GetString(1)}, which does not exist");
        }
        await foreach (var row in QueryAsync(connection, transaction,
            "SELECT c.topic, c.key FROM clippings c WHERE NOT EXISTS (SELECT 1 FROM clipping_entries e WHERE e.topic = c.topic AND e.key = c.key) LIMIT 20",
            cancellationToken))
        {
            problems.Add($"the clipping {row.GetString(0)}/{row.GetString(1)} is in no view (it has no entries)");
        }
        await foreach (var row in QueryAsync(connection, transaction,
            "SELECT count(*) FROM clippings c WHERE NOT EXISTS (SELECT 1 FROM clipping_text t WHERE t.rowid = c.rowid)", cancellationToken))
        {
            if (row.GetInt64(0) > 0) problems.Add($"{row.GetInt64(0)} clippings cannot be found by search (they have no search text)");
        }
        return problems;
    }

    public async Task<long?> CountRecordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT (SELECT count(*) FROM contributors) + (SELECT count(*) FROM clippings) + (SELECT count(*) FROM source_items) " +
            "+ (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM runs) + (SELECT count(*) FROM protection_keys) " +
            "+ (SELECT count(*) FROM meta WHERE name = 'refresh_started') + (SELECT count(*) FROM email_subscribers) " +
            $"+ (SELECT count(*) FROM notes WHERE name = '{Email.SubscriptionTokens.KeyNote}')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT NOT EXISTS (SELECT 1 FROM contributors) AND NOT EXISTS (SELECT 1 FROM clippings)");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    public async Task<string?> GetNoteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM notes WHERE name = $1");
        command.Parameters.AddWithValue("$1", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetNoteAsync(string name, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (value is null) await ExecuteAsync(connection, null, "DELETE FROM notes WHERE name = $1", [name], cancellationToken);
        else await ExecuteAsync(connection, null, "INSERT OR REPLACE INTO notes (name, value) VALUES ($1, $2)", [name, value], cancellationToken);
    }

    public async Task<string> GetOrAddNoteAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "INSERT INTO notes (name, value) VALUES ($1, $2) ON CONFLICT(name) DO NOTHING", [name, value], cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM notes WHERE name = $1");
        command.Parameters.AddWithValue("$1", name);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, object[] values, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + (i + 1), values[i]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

// Backups of the file itself.
public sealed partial class SqliteClippingStore
{
    /// <summary>
    /// Writes a consistent copy of the whole file to <paramref name="path"/> (which must not exist) with VACUUM INTO: one
    /// read transaction, so refreshes and readers carry on meanwhile, and the copy comes out compacted.
    /// </summary>
    public async Task SnapshotToAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "VACUUM INTO $1", [path], cancellationToken);
    }

    /// <summary>Whether a file is a SQLite database, by the header every one starts with.</summary>
    public static bool IsDatabaseFile(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[16];
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == 16 && start.SequenceEqual("SQLite format 3\0"u8);
    }

    /// <summary>SQLite's own check of the file (<c>PRAGMA quick_check</c>): null when sound, else what it found.</summary>
    public async Task<string?> QuickCheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "PRAGMA quick_check");
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
        return found is ["ok"] ? null : string.Join("; ", found.Take(5));
    }
}
