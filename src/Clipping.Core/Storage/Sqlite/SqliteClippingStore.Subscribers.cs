using System.Globalization;
using System.Text.Json;
using Clipping.Email;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>Email subscribers: one row each, with a version number that every save moves on, for conditional saves.</summary>
public sealed partial class SqliteClippingStore
{
    public async Task<Subscriber?> GetSubscriberAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data, version FROM email_subscribers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSubscriber(reader) : null;
    }

    public async Task<IReadOnlyList<Subscriber>> GetSubscribersAsync(string? addressKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = addressKey is null
            ? "SELECT data, version FROM email_subscribers ORDER BY id"
            : "SELECT data, version FROM email_subscribers WHERE address_key = $key ORDER BY id";
        if (addressKey is not null) command.Parameters.AddWithValue("$key", addressKey);
        var subscribers = new List<Subscriber>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) subscribers.Add(ReadSubscriber(reader));
        return subscribers;
    }

    public async Task<Subscriber?> SaveSubscriberAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var version = subscriber.Version is null ? 1 : long.Parse(subscriber.Version, CultureInfo.InvariantCulture) + 1;
        command.CommandText = subscriber.Version is null
            ? "INSERT INTO email_subscribers (id, address_key, version, data) VALUES ($id, $key, $version, $data) ON CONFLICT (id) DO NOTHING"
            : "UPDATE email_subscribers SET data = $data, version = $version WHERE id = $id AND version = $read";
        command.Parameters.AddWithValue("$id", subscriber.Id);
        command.Parameters.AddWithValue("$key", subscriber.AddressKey);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$read", version - 1);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(subscriber, StoreJson.Stored.Subscriber));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? subscriber with { Version = version.ToString(CultureInfo.InvariantCulture) }
            : null;
    }

    public async Task DeleteSubscriberAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM email_subscribers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Subscriber ReadSubscriber(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetString(0), StoreJson.Stored.Subscriber)! with { Version = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) };
}
