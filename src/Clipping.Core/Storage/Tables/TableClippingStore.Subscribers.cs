using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Clipping.Email;

namespace Clipping.Storage.Tables;

/// <summary>
/// Email subscribers: rows of one partition of the contributors table, keyed by id, so an address's subscriptions (which
/// share a prefix) are one range query. Conditional saves use the row's ETag.
/// </summary>
public sealed partial class TableClippingStore
{
    private const string SubscribersPartition = "subscribers";

    public async Task<Subscriber?> GetSubscriberAsync(string id, CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(SubscribersPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ReadSubscriber(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Subscriber>> GetSubscribersAsync(string? addressKey, CancellationToken cancellationToken)
    {
        var filter = addressKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {SubscribersPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {SubscribersPartition} and RowKey ge {addressKey} and RowKey lt {addressKey + "~"}");
        var subscribers = new List<Subscriber>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) subscribers.Add(ReadSubscriber(row));
        return subscribers;
    }

    public async Task<Subscriber?> SaveSubscriberAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        var entity = SubscriberEntity(subscriber);
        try
        {
            var response = subscriber.Version is null
                ? await _contributors.AddEntityAsync(entity, cancellationToken)
                : await _contributors.UpdateEntityAsync(entity, new ETag(subscriber.Version), TableUpdateMode.Replace, cancellationToken);
            return subscriber with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteSubscriberAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _contributors.DeleteEntityAsync(SubscribersPartition, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>A subscriber's row: its record as JSON, keyed by id (its version is the row's ETag, not part of the record).</summary>
    internal static TableEntity SubscriberEntity(Subscriber subscriber) =>
        new(SubscribersPartition, subscriber.Id) { ["Data"] = JsonSerializer.Serialize(subscriber, StoreJson.Stored.Subscriber) };

    private static Subscriber ReadSubscriber(TableEntity row) =>
        JsonSerializer.Deserialize(row.GetString("Data")!, StoreJson.Stored.Subscriber)! with { Version = row.ETag.ToString() };
}
