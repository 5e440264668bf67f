using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Clipping.Storage.Archive;

namespace Clipping.Storage.Tables;

// The store read and written whole, for export, import, copy and verify (see IStoreContents). Table Storage has no
// snapshot: each kind is one query, read page by page as it goes.
public sealed partial class TableClippingStore
{
    public async IAsyncEnumerable<StoredRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ContributorEntities.Partition}"), cancellationToken: cancellationToken))
        {
            yield return new StoredContributor(ContributorEntities.FromEntity(row));
        }
        await foreach (var row in _clippings.QueryAsync<TableEntity>(RowRange(TableKeys.Clipping(""), "id}"), cancellationToken: cancellationToken))
        {
            yield return new StoredClipping(ClippingEntities.FromEntity(row));
        }
        await foreach (var row in _clippings.QueryAsync<TableEntity>(RowRange("s|", "s}"), cancellationToken: cancellationToken))
        {
            // s|{contributor}|{hash of the item key}: the item key itself is a property.
            var contributorId = row.RowKey[2..row.RowKey.LastIndexOf('|')];
            yield return new StoredSource(row.PartitionKey, contributorId, row.GetString("ItemKey") ?? "", row.GetString("ClippingKey") ?? "", row.GetString("SourceHash") ?? "");
        }
        foreach (var subscription in await GetSubscriptionsAsync(cancellationToken)) yield return new StoredSubscription(subscription);
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Data") is { } json) yield return new StoredRun(JsonSerializer.Deserialize(json, StoreJson.Stored.RefreshRun)!);
        }
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ProtectionKeysPartition}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Xml") is { } xml) yield return new StoredProtectionKey(row.RowKey, xml);
        }
        if (await GetLastRefreshStartAsync(cancellationToken) is { } started) yield return new StoredRefreshStart(started);
        foreach (var subscriber in (await GetSubscribersAsync(null, cancellationToken)).OrderBy(s => s.Id, StringComparer.Ordinal)) yield return new StoredSubscriber(subscriber);
        if (await GetNoteAsync(Email.SubscriptionTokens.KeyNote, cancellationToken) is { } mailKey) yield return new StoredMailKey(mailKey);
    }

    private static string RowRange(string from, string until) => TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {until}");

    public async Task WriteAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        var contributorRows = new List<TableTransactionAction>();
        var clippingRows = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        var viewRows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<TableTransactionAction> InPartition(string partition) =>
            clippingRows.TryGetValue(partition, out var list) ? list : clippingRows[partition] = [];

        foreach (var record in records)
        {
            switch (record)
            {
                case StoredContributor c:
                    contributorRows.Add(new(TableTransactionActionType.UpsertReplace, ContributorEntities.ToEntity(c.Contributor)));
                    break;
                case StoredClipping { Clipping: var clipping }:
                    var partition = TableKeys.Partition(clipping.Topic);
                    if (!viewRows.TryGetValue(partition, out var views)) viewRows[partition] = views = [];
                    views.AddRange(TableViews.RowsOf(clipping));
                    InPartition(partition).Add(new(TableTransactionActionType.UpsertReplace, ClippingEntities.ToEntity(partition, TableKeys.Clipping(clipping.Key), clipping)));
                    InPartition(partition).Add(new(TableTransactionActionType.UpsertReplace, ClippingEntities.ToEntity(partition, TableKeys.Timeline(clipping), clipping)));
                    break;
                case StoredSource s:
                    InPartition(TableKeys.Partition(s.Topic)).Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(TableKeys.Partition(s.Topic), TableKeys.Source(s.ContributorId, s.ItemKey))
                    {
                        ["ClippingKey"] = s.ClippingKey,
                        ["ItemKey"] = s.ItemKey.Length > 4000 ? s.ItemKey[..4000] : s.ItemKey,
                        ["SourceHash"] = s.SourceHash,
                    }));
                    break;
                case StoredSubscription s:
                    await SaveSubscriptionAsync(s.Subscription, cancellationToken);
                    break;
                case StoredRun r:
                    await _contributors.UpsertEntityAsync(new TableEntity(RunsPartition, RunRow(r.Run))
                    {
                        ["Data"] = JsonSerializer.Serialize(r.Run, StoreJson.Stored.RefreshRun),
                    }, TableUpdateMode.Replace, cancellationToken);
                    break;
                case StoredProtectionKey k:
                    await SaveProtectionKeyAsync(k.Name, k.Xml, cancellationToken);
                    break;
                case StoredRefreshStart r:
                    await _contributors.UpsertEntityAsync(new TableEntity(MetaPartition, RefreshRow) { ["Started"] = r.Started.ToUniversalTime() }, TableUpdateMode.Replace, cancellationToken);
                    break;
                case StoredSubscriber s:
                    await _contributors.UpsertEntityAsync(SubscriberEntity(s.Subscriber), TableUpdateMode.Replace, cancellationToken);
                    break;
                case StoredMailKey k:
                    await SetNoteAsync(Email.SubscriptionTokens.KeyNote, k.Key, cancellationToken);
                    break;
                default:
                    throw new ArgumentException($"The Table Storage store does not keep {record.GetType().Name}.", nameof(records));
            }
        }
        // Transactions of a hundred rows, several at once (each is a round trip, and they touch different rows). The
        // batch's view rows go first, as a refresh writes them: an interruption leaves at most rows no clipping backs
        // yet, which readers check and skip.
        await SubmitAllAsync(_contributors, contributorRows.Chunk(MaxActionsPerTransaction), cancellationToken);
        await Parallel.ForEachAsync(viewRows, Writing(cancellationToken), async (rows, token) => await _views.AddAsync(rows.Key, rows.Value, token));
        await SubmitAllAsync(_clippings, clippingRows.Values.SelectMany(rows => rows.Chunk(MaxActionsPerTransaction)), cancellationToken);
        await BumpChangeStampAsync(cancellationToken);
    }

    private static ParallelOptions Writing(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };

    private static Task SubmitAllAsync(TableClient table, IEnumerable<TableTransactionAction[]> transactions, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(transactions, Writing(cancellationToken), async (actions, token) => await table.SubmitTransactionAsync(actions, token));

    // Entry rows are written around a clipping's transaction, and an interrupted write may leave one behind, which
    // every reader checks against its clipping and skips: they are not damage, and are not listed.
    public Task<IReadOnlyList<string>> CheckViewsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    // Table Storage cannot count without reading every row.
    public Task<long?> CountRecordsAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ContributorEntities.Partition}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken)) return false;
        await foreach (var _ in _clippings.QueryAsync<TableEntity>(RowRange(TableKeys.Clipping(""), "id}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken)) return false;
        return true;
    }

    // Notes are rows of the meta partition, beside the change stamp: "note-{name}".
    public async Task<string?> GetNoteAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(MetaPartition, NoteRow(name), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Value") : null;
    }

    public async Task<string> GetOrAddNoteAsync(string name, string value, CancellationToken cancellationToken)
    {
        try
        {
            await _contributors.AddEntityAsync(new TableEntity(MetaPartition, NoteRow(name)) { ["Value"] = value }, cancellationToken);
            return value;
        }
        catch (RequestFailedException e) when (e.Status == (int)System.Net.HttpStatusCode.Conflict)
        {
            return await GetNoteAsync(name, cancellationToken) ?? value;
        }
    }

    public async Task SetNoteAsync(string name, string? value, CancellationToken cancellationToken)
    {
        if (value is not null)
        {
            await _contributors.UpsertEntityAsync(new TableEntity(MetaPartition, NoteRow(name)) { ["Value"] = value }, TableUpdateMode.Replace, cancellationToken);
            return;
        }
        try
        {
            await _contributors.DeleteEntityAsync(MetaPartition, NoteRow(name), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    private static string NoteRow(string name) => "note-" + name;
}
