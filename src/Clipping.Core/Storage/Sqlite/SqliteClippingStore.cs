using System.Globalization;
using System.Text.Json;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Views;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file. Each batch of sightings is merged inside one IMMEDIATE transaction,
/// which serialises writers, so concurrent refreshes cannot create two copies of a clipping.
/// </summary>
public sealed partial class SqliteClippingStore : IClippingStore, Archive.IStoreContents, Email.IMailingList
{
    private readonly string _connectionString;

    // SQLite has one writer at a time. Writers queued here wait their turn in order; left to SQLite, each would poll
    // the lock with sleeps (the busy handler), which costs far more than the writes. Other processes still meet the
    // busy timeout.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteClippingStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string Location => $"the SQLite file {DatabasePath}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        // Before anything is created or changed: a newer Clipping's file is left exactly as it is.
        StoreVersionException.ThrowIfNewer(Location, await SchemaVersionAsync(connection, null, cancellationToken), SqliteSchema.Version);
        await ExecuteAsync(connection, null, SqliteSchema.Create, cancellationToken);
        await UpgradeAsync(connection, cancellationToken);
    }

    /// <summary>Indexes the clippings of a file written before the views existed, once, whichever process gets there first.</summary>
    private async Task UpgradeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (await SchemaVersionAsync(connection, null, cancellationToken) >= SqliteSchema.Version) return;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            if (await SchemaVersionAsync(connection, transaction, cancellationToken) < SqliteSchema.Version)
            {
                if (!await HasColumnAsync(connection, transaction, "source_items", "source_hash", cancellationToken))
                {
                    await ExecuteAsync(connection, transaction, SqliteSchema.AddSourceHashColumn, cancellationToken);
                }
                if (!await HasColumnAsync(connection, transaction, "contributors", "keys", cancellationToken))
                {
                    await ExecuteAsync(connection, transaction, SqliteSchema.AddKeysColumn, cancellationToken);
                }
                var clippings = new List<(long RowId, Clippings.Clipping Clipping)>();
                await using (var read = connection.CreateCommand())
                {
                    read.Transaction = transaction;
                    read.CommandText = "SELECT rowid, data FROM clippings";
                    await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        clippings.Add((reader.GetInt64(0), JsonSerializer.Deserialize(reader.GetString(1), StoreJson.Stored.Clipping)!));
                    }
                }
                await using (var views = new ViewCommands(connection, transaction))
                {
                    // A file from before the views has none of a clipping's entries or text; one from before a later
                    // change may have some: replace them.
                    foreach (var (rowId, clipping) in clippings) await views.IndexAsync(rowId, clipping, isNew: false, cancellationToken);
                }
                await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {SqliteSchema.Version}", cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private static async Task<long> SchemaVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<MergeOutcome>> SaveSightingsAsync(string topic, IReadOnlyList<Sighting> sightings, CancellationToken cancellationToken)
    {
        if (sightings.Count == 0) return [];
        // A refresh hands over many feeds' sightings at once (see Refresh.SightingWriter), so one transaction per call
        // is already shared widely.
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var outcomes = new List<MergeOutcome>(sightings.Count);
            var wrote = false;
            await using (var commands = new SightingCommands(connection, transaction))
            {
                foreach (var sighting in sightings)
                {
                    var existing = await commands.FindAsync(topic, sighting, cancellationToken);
                    var (result, outcome) = ClippingMerger.Merge(existing, sighting);
                    outcomes.Add(outcome);
                    await commands.WriteSourceItemAsync(topic, sighting, result.Key, cancellationToken);
                    if (ReferenceEquals(result, existing)) continue;
                    await commands.WriteClippingAsync(result, isNew: existing is null, cancellationToken);
                    wrote = true;
                }
            }
            if (wrote) await BumpChangeStampAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return outcomes;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> GetSourceHashesAsync(string topic, string contributorId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_key, source_hash FROM source_items WHERE topic = $topic AND contributor_id = $contributor";
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$contributor", contributorId);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) hashes[reader.GetString(0)] = reader.GetString(1);
        return hashes;
    }

    public async Task<ClippingPage> GetClippingsAsync(string topic, ClippingFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (filter is ClippingFilter.Matching { Query.IsEmpty: true }) return new ClippingPage([], null);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        ClippingQuery.Prepare(command, topic, filter, pageSize + 1, continuation);
        var items = new List<Clippings.Clipping>(pageSize + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.Clipping)!);
            }
        }
        if (items.Count <= pageSize) return new ClippingPage(items, null);
        items.RemoveAt(items.Count - 1);
        return new ClippingPage(items, TimelineCursor.After(items[^1]));
    }

    public async Task<IReadOnlyDictionary<string, Clippings.Clipping>> GetClippingsByKeyAsync(string topic, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Clippings.Clipping>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$topic", topic);
        // Keys travel as one JSON array, so any number of them is one statement.
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys.Distinct(StringComparer.Ordinal).ToList(), StoreJson.Stored.ListString));
        command.CommandText = "SELECT data FROM clippings WHERE topic = $topic AND key IN (SELECT value FROM json_each($keys))";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var clipping = JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.Clipping)!;
            found[clipping.Key] = clipping;
        }
        return found;
    }

    public async Task<IReadOnlyList<ArchiveMonth>> GetMonthsAsync(string topic, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Ticks to Unix seconds, read straight off the timeline index.
        command.CommandText = """
            SELECT DISTINCT strftime('%Y%m', (published - 621355968000000000) / 10000000, 'unixepoch') AS month
            FROM clippings WHERE topic = $topic ORDER BY month DESC
            """;
        command.Parameters.AddWithValue("$topic", topic);
        var months = new List<ArchiveMonth>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && int.TryParse(reader.GetString(0), NumberStyles.None, CultureInfo.InvariantCulture, out var yyyymm))
            {
                months.Add(new ArchiveMonth(yyyymm / 100, yyyymm % 100));
            }
        }
        return months;
    }

    public async Task SaveFaceAsync(string contributorId, Faces.Face? face, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = face is null
                ? "DELETE FROM faces WHERE contributor_id = $id"
                : "INSERT OR REPLACE INTO faces (contributor_id, content_type, image, source, fetched) VALUES ($id, $type, $image, $source, $fetched)";
            command.Parameters.AddWithValue("$id", contributorId);
            if (face is not null)
            {
                command.Parameters.AddWithValue("$type", face.ContentType);
                command.Parameters.AddWithValue("$image", face.Image);
                command.Parameters.AddWithValue("$source", face.Source);
                command.Parameters.AddWithValue("$fetched", face.Fetched.UtcTicks);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            // The pages link to the face by its version: they change with it.
            await BumpChangeStampAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<Faces.Face?> GetFaceAsync(string contributorId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content_type, image, source, fetched FROM faces WHERE contributor_id = $id";
        command.Parameters.AddWithValue("$id", contributorId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Faces.Face(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero))
            : null;
    }

    public async Task<IReadOnlyList<DateTimeOffset>> GetPublishedTimesAsync(string topic, string? contributorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = contributorId is null
            ? "SELECT published FROM clippings WHERE topic = $topic AND published >= $since ORDER BY published DESC"
            : "SELECT published FROM clipping_entries WHERE topic = $topic AND entry = $entry AND published >= $since ORDER BY published DESC";
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$since", since.UtcTicks);
        if (contributorId is not null) command.Parameters.AddWithValue("$entry", ViewEntries.Contributor(contributorId));
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) times.Add(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero));
        return times;
    }

    public async Task<int> CountClippingsAsync(string topic, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM clippings WHERE topic = $topic";
        command.Parameters.AddWithValue("$topic", topic);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<Contributor>> GetContributorsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteContributorRow.Columns} FROM contributors ORDER BY registered_at, id";
        var contributors = new List<Contributor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) contributors.Add(SqliteContributorRow.Read(reader));
        return contributors;
    }

    public async Task<Contributor?> GetContributorAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteContributorRow.Columns} FROM contributors WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteContributorRow.Read(reader) : null;
    }

    public async Task<IReadOnlyList<Contributor>> GetContributorsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var contributors = new List<Contributor>(ids.Count);
        await using var connection = await OpenAsync(cancellationToken);
        // SQLite takes up to 32,766 parameters; a few hundred a statement keeps each one small.
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteContributorRow.Columns} FROM contributors WHERE id IN ({string.Join(",", chunk.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < chunk.Length; i++) command.Parameters.AddWithValue("$p" + i, chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) contributors.Add(SqliteContributorRow.Read(reader));
        }
        return contributors;
    }

    public Task<bool> AddContributorAsync(Contributor contributor, CancellationToken cancellationToken) =>
        WriteContributorAsync("INSERT OR IGNORE", contributor, cancellationToken);

    public Task UpdateContributorAsync(Contributor contributor, CancellationToken cancellationToken) =>
        WriteContributorAsync("INSERT OR REPLACE", contributor, cancellationToken);

    /// <returns>Whether a row was written (false: INSERT OR IGNORE met an existing contributor).</returns>
    private async Task<bool> WriteContributorAsync(string insert, Contributor contributor, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{insert} INTO contributors ({SqliteContributorRow.Columns}) VALUES ({SqliteContributorRow.Parameters})";
            SqliteContributorRow.Bind(command, contributor);
            var written = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            if (written) await BumpChangeStampAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task SaveFeedStatesAsync(IReadOnlyCollection<KeyValuePair<string, FeedState>> states, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (states.Count == 0) return;
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE contributors SET state = $state WHERE id = $id";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var state = command.Parameters.Add("$state", SqliteType.Text);
            foreach (var (contributorId, feedState) in states)
            {
                id.Value = contributorId;
                state.Value = JsonSerializer.Serialize(feedState, StoreJson.Stored.FeedState);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            // Feed health is shown on the status page, which is not cached: no change stamp needed.
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<long> GetChangeStampAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = 'changes'";
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : 0;
    }

    public async Task SaveRunAsync(Refresh.RefreshRun run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO runs (id, started, data) VALUES ($id, $started, $data);
            DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY started DESC LIMIT {Refresh.RefreshRun.Kept});
            DELETE FROM run_batches WHERE run_id NOT IN (SELECT id FROM runs);
            DELETE FROM run_plans WHERE run_id NOT IN (SELECT id FROM runs WHERE json_extract(data, '$.Finished') IS NULL);
            """;
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$started", run.Started.UtcTicks);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(run, StoreJson.Stored.RefreshRun));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Refresh.RefreshRun>> GetRecentRunsAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM runs ORDER BY started DESC, id DESC LIMIT $count";
        command.Parameters.AddWithValue("$count", count);
        var runs = new List<Refresh.RefreshRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) runs.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.RefreshRun)!);
        return runs;
    }

    public async Task<Refresh.RefreshRun?> GetRunAsync(string id, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize(json, StoreJson.Stored.RefreshRun) : null;
    }

    public async Task<bool> SaveRunBatchAsync(string runId, Refresh.RefreshBatchResult result, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO run_batches (run_id, batch, data) VALUES ($run, $batch, $data)";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$batch", result.Index);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(result, StoreJson.Stored.RefreshBatchResult));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Refresh.RefreshBatchResult>> GetRunBatchesAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM run_batches WHERE run_id = $run ORDER BY batch";
        command.Parameters.AddWithValue("$run", runId);
        var batches = new List<Refresh.RefreshBatchResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) batches.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.RefreshBatchResult)!);
        return batches;
    }

    public async Task SaveRunPlanAsync(string runId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM run_plans WHERE run_id = $run";
            delete.Parameters.AddWithValue("$run", runId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO run_plans (run_id, batch, feeds) VALUES ($run, $batch, $feeds)";
        insert.Parameters.AddWithValue("$run", runId);
        var batch = insert.Parameters.Add("$batch", SqliteType.Integer);
        var feeds = insert.Parameters.Add("$feeds", SqliteType.Text);
        for (var i = 0; i < batches.Count; i++)
        {
            batch.Value = i;
            feeds.Value = string.Join(' ', batches[i]);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IReadOnlyList<string>>> GetRunPlanAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT feeds FROM run_plans WHERE run_id = $run ORDER BY batch";
        command.Parameters.AddWithValue("$run", runId);
        var batches = new List<IReadOnlyList<string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) batches.Add(reader.GetString(0).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return batches;
    }

    public async Task SaveSubscriptionAsync(WebSub.HubSubscription subscription, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO subscriptions (id, data) VALUES ($id, $data)";
        command.Parameters.AddWithValue("$id", subscription.Id);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(subscription, StoreJson.Stored.HubSubscription));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<WebSub.HubSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM subscriptions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize(json, StoreJson.Stored.HubSubscription) : null;
    }

    public async Task<IReadOnlyList<WebSub.HubSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM subscriptions ORDER BY id";
        var subscriptions = new List<WebSub.HubSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) subscriptions.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.HubSubscription)!);
        return subscriptions;
    }

    public async Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM subscriptions WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetProtectionKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM protection_keys ORDER BY name";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetString(0));
        return keys;
    }

    public async Task SaveProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO protection_keys (name, xml) VALUES ($name, $xml)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$xml", xml);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> GetLastRefreshStartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = 'refresh_started'";
        return await command.ExecuteScalarAsync(cancellationToken) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    public async Task<bool> TryRecordRefreshStartAsync(DateTimeOffset? previous, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement each way, so the comparison and the write are atomic even across processes.
        command.CommandText = previous is null
            ? "INSERT INTO meta (name, value) VALUES ('refresh_started', $started) ON CONFLICT(name) DO NOTHING"
            : "UPDATE meta SET value = $started WHERE name = 'refresh_started' AND value = $previous";
        command.Parameters.AddWithValue("$started", started.UtcTicks);
        if (previous is { } p) command.Parameters.AddWithValue("$previous", p.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // In WAL mode NORMAL cannot corrupt the file; it only lets a power cut lose the last commits, which the next
        // refresh fetches again. FULL would cost an fsync per feed.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = NORMAL", cancellationToken);
        return connection;
    }

    private static Task BumpChangeStampAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT INTO meta (name, value) VALUES ('changes', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1", cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
