using Clipping.Clippings;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>
/// Keeps a clipping's view entries and search text in step with the clipping, inside the transaction that writes it.
/// </summary>
internal sealed class ViewCommands : IAsyncDisposable
{
    private readonly SqliteCommand _deleteEntries;
    private readonly SqliteCommand _insertEntry;
    private readonly SqliteCommand _deleteText;
    private readonly SqliteCommand _insertText;

    public ViewCommands(SqliteConnection connection, SqliteTransaction transaction)
    {
        _deleteEntries = Commands.Create(connection, transaction, "DELETE FROM clipping_entries WHERE topic = $topic AND key = $key", "$topic", "$key");
        _insertEntry = Commands.Create(connection, transaction,
            "INSERT OR IGNORE INTO clipping_entries (topic, entry, published, key) VALUES ($topic, $entry, $published, $key)",
            "$topic", "$entry", "$published", "$key");
        _deleteText = Commands.Create(connection, transaction, "DELETE FROM clipping_text WHERE rowid = $rowid", "$rowid");
        _insertText = Commands.Create(connection, transaction,
            "INSERT INTO clipping_text (rowid, title, excerpt, tags) VALUES ($rowid, $title, $excerpt, $tags)",
            "$rowid", "$title", "$excerpt", "$tags");
    }

    /// <param name="rowId">The clipping's rowid in <c>clippings</c>, which its search text shares.</param>
    /// <param name="isNew">True when the clipping was not stored before, so it has no entries or text to replace.</param>
    public async Task IndexAsync(long rowId, Clippings.Clipping clipping, bool isNew, CancellationToken cancellationToken)
    {
        if (!isNew)
        {
            Commands.Bind(_deleteEntries, clipping.Topic, clipping.Key);
            await _deleteEntries.ExecuteNonQueryAsync(cancellationToken);
            Commands.Bind(_deleteText, rowId);
            await _deleteText.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var entry in ViewEntries.Of(clipping, withTerms: false))
        {
            Commands.Bind(_insertEntry, clipping.Topic, entry, clipping.Published.UtcTicks, clipping.Key);
            await _insertEntry.ExecuteNonQueryAsync(cancellationToken);
        }
        Commands.Bind(_insertText, rowId, clipping.Title, clipping.ExcerptText, string.Join(", ", clipping.Tags));
        await _insertText.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _deleteEntries.DisposeAsync();
        await _insertEntry.DisposeAsync();
        await _deleteText.DisposeAsync();
        await _insertText.DisposeAsync();
    }
}

/// <summary>Prepared statements bound by position: prepared once per transaction, re-bound per row.</summary>
internal static class Commands
{
    public static SqliteCommand Create(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }
}
