using System.Text.Json;
using Clipping.Contributors;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>How a contributor maps to a row of the contributors table.</summary>
internal static class SqliteContributorRow
{
    public const string Columns = "id, name, site_url, feed_url, status, mode, topic, registered_at, state, keys";
    public const string Parameters = "$id, $name, $site_url, $feed_url, $status, $mode, $topic, $registered_at, $state, $keys";

    public static Contributor Read(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        SiteUrl: reader.IsDBNull(2) ? null : reader.GetString(2),
        FeedUrl: reader.GetString(3),
        Status: Enum.Parse<ContributorStatus>(reader.GetString(4)),
        Mode: Enum.Parse<FeedMode>(reader.GetString(5)),
        Topic: reader.IsDBNull(6) ? null : reader.GetString(6),
        RegisteredAt: new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
        State: JsonSerializer.Deserialize(reader.GetString(8), StoreJson.Stored.FeedState) ?? FeedState.New,
        Keys: reader.IsDBNull(9) ? null : JsonSerializer.Deserialize(reader.GetString(9), StoreJson.Stored.ContributorKeys));

    public static void Bind(SqliteCommand command, Contributor c)
    {
        command.Parameters.AddWithValue("$id", c.Id);
        command.Parameters.AddWithValue("$name", c.Name);
        command.Parameters.AddWithValue("$site_url", (object?)c.SiteUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("$feed_url", c.FeedUrl);
        command.Parameters.AddWithValue("$status", c.Status.ToString());
        command.Parameters.AddWithValue("$mode", c.Mode.ToString());
        command.Parameters.AddWithValue("$topic", (object?)c.Topic ?? DBNull.Value);
        command.Parameters.AddWithValue("$registered_at", c.RegisteredAt.UtcTicks);
        command.Parameters.AddWithValue("$state", JsonSerializer.Serialize(c.State, StoreJson.Stored.FeedState));
        command.Parameters.AddWithValue("$keys", c.Keys is null ? DBNull.Value : JsonSerializer.Serialize(c.Keys, StoreJson.Stored.ContributorKeys));
    }
}
