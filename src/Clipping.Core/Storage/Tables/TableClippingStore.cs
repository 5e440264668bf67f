using System.Diagnostics.CodeAnalysis;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Views;

namespace Clipping.Storage.Tables;

/// <summary>
/// The production store, on Azure Table Storage. Clippings are partitioned by topic; a clipping row, its timeline row
/// and its source index row are written in one entity-group transaction, guarded by the clipping row's ETag. A
/// conflict means another writer got there first: the store reads the clipping again and merges into it, so concurrent
/// refreshes never make a second copy. The page is one range query over the timeline rows, newest first.
/// </summary>
public sealed partial class TableClippingStore : IClippingStore, Archive.IStoreContents, Email.IMailingList
{
    private const int MaxAttempts = 12;
    private const int MaxActionsPerTransaction = 100;
    private const string MetaPartition = "meta";
    private const string ChangeStampRow = "changes";
    private const string RefreshRow = "refresh";
    private const string ViewsRow = "views";

    /// <summary>
    /// The layout version (see <see cref="StoreVersionException"/>): raised when what <see cref="TableViews"/> indexes
    /// changes, so existing clippings are indexed again. 1: contributor, tag and search entries; 2: links.
    /// </summary>
    private const int ViewsVersion = 2;

    private readonly TableClient _clippings;
    private readonly TableClient _contributors;
    private readonly TableViews _views;

    // The SDK makes each TableEntity it reads through a constructor it finds by reflection, which trimming would
    // otherwise remove from the native build.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(TableEntity))]
    public TableClippingStore(TableServiceClient service, string tablePrefix)
    {
        if (string.IsNullOrEmpty(tablePrefix) || !char.IsAsciiLetter(tablePrefix[0]) || !tablePrefix.All(char.IsAsciiLetterOrDigit) || tablePrefix.Length > 40)
        {
            throw new ArgumentException($"Clipping:Storage:TablePrefix '{tablePrefix}' must be 1 to 40 letters or digits, starting with a letter.");
        }
        _clippings = service.GetTableClient(tablePrefix + "Clippings");
        _contributors = service.GetTableClient(tablePrefix + "Contributors");
        _views = new TableViews(_clippings);
    }

    public string Location => $"Azure Table Storage, tables {_clippings.Name} and {_contributors.Name} at {_clippings.Uri.GetLeftPart(UriPartial.Authority)}";

    /// <summary>
    /// Creates a table unless it exists. Not the SDK's CreateIfNotExists calls: they serialise their request by
    /// reflection, which the native build of the clipping command does not have; creating the table does not.
    /// </summary>
    private static async Task CreateIfMissingAsync(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await table.CreateAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409 && e.ErrorCode == "TableAlreadyExists")
        {
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await CreateIfMissingAsync(_clippings, cancellationToken);
        await CreateIfMissingAsync(_contributors, cancellationToken);
        var views = await _contributors.GetEntityIfExistsAsync<TableEntity>(MetaPartition, ViewsRow, cancellationToken: cancellationToken);
        if (views.HasValue) StoreVersionException.ThrowIfNewer(Location, views.Value!.GetInt32("Version") ?? 0, ViewsVersion);
        if (!views.HasValue || (views.Value!.GetInt32("Version") ?? 0) < ViewsVersion)
        {
            await _views.IndexAllAsync(cancellationToken);
            await _contributors.UpsertEntityAsync(new TableEntity(MetaPartition, ViewsRow) { ["Version"] = ViewsVersion }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>
    /// Saves a feed's sightings with as few round trips as the rows allow: one query reads the clippings of up to
    /// twenty sightings, and their writes go in transactions of up to 100 actions. A transaction that
    /// loses a race (another writer changed one of its clippings) is redone sighting by sighting, each re-reading and
    /// merging into what the other writer left.
    /// </summary>
    public async Task<IReadOnlyList<MergeOutcome>> SaveSightingsAsync(string topic, IReadOnlyList<Sighting> sightings, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Partition(topic);
        var outcomes = new MergeOutcome[sightings.Count];
        var wrote = false;
        var existing = await FindManyAsync(partition, sightings, cancellationToken);

        var planned = new List<PlannedSave>();
        var later = new List<int>();
        var keysInBatch = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sightings.Count; i++)
        {
            var (entity, clipping) = existing[i];
            // Two sightings of one clipping in a batch (a feed listing a link twice) must merge one after the other.
            if (!keysInBatch.Add(clipping?.Key ?? sightings[i].Key)) { later.Add(i); continue; }
            planned.Add(Plan(i, partition, sightings[i], entity, clipping));
        }

        await _views.AddAsync(partition, planned.SelectMany(p => p.ViewRowsToAdd), cancellationToken);
        var stale = new List<string>();
        foreach (var transaction in Transactions(planned))
        {
            try
            {
                await _clippings.SubmitTransactionAsync(transaction.SelectMany(p => p.Actions), cancellationToken);
                foreach (var p in transaction)
                {
                    outcomes[p.Index] = p.Outcome;
                    wrote |= p.Changed;
                    stale.AddRange(p.ViewRowsToRemove);
                }
            }
            catch (TableTransactionFailedException e) when (IsRace(e))
            {
                later.AddRange(transaction.Select(p => p.Index));
            }
        }
        await _views.RemoveAsync(partition, stale, cancellationToken);
        foreach (var i in later.Order())
        {
            (outcomes[i], var changed) = await SaveOneAsync(partition, sightings[i], cancellationToken);
            wrote |= changed;
        }
        if (wrote) await BumpChangeStampAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>One sighting's write: the clipping's own actions, and the view rows to add before them and remove after.</summary>
    private sealed record PlannedSave(
        int Index, List<TableTransactionAction> Actions, bool Changed, MergeOutcome Outcome,
        IEnumerable<string> ViewRowsToAdd, IEnumerable<string> ViewRowsToRemove);

    private static IEnumerable<List<PlannedSave>> Transactions(List<PlannedSave> planned)
    {
        var current = new List<PlannedSave>();
        var actions = 0;
        foreach (var p in planned)
        {
            if (actions + p.Actions.Count > MaxActionsPerTransaction)
            {
                yield return current;
                current = [];
                actions = 0;
            }
            current.Add(p);
            actions += p.Actions.Count;
        }
        if (current.Count > 0) yield return current;
    }

    /// <summary>The clipping each sighting belongs to, read for the whole batch in a few queries.</summary>
    private async Task<(TableEntity? Entity, Clippings.Clipping? Clipping)[]> FindManyAsync(string partition, IReadOnlyList<Sighting> sightings, CancellationToken cancellationToken)
    {
        var byRow = await TableRows.ReadAsync(_clippings, partition, sightings.Select(s => TableKeys.Clipping(s.Key)), cancellationToken);
        // The same post seen again keeps its clipping even when its link has changed since: look those up by item.
        var missing = sightings.Where(s => !byRow.ContainsKey(TableKeys.Clipping(s.Key))).ToList();
        var sources = await TableRows.ReadAsync(_clippings, partition, missing.Select(s => TableKeys.Source(s.ContributorId, s.ItemKey)), cancellationToken);
        var moved = sources.Values.Select(r => r.GetString("ClippingKey")).OfType<string>().Select(TableKeys.Clipping).Where(k => !byRow.ContainsKey(k)).ToList();
        foreach (var (row, entity) in await TableRows.ReadAsync(_clippings, partition, moved, cancellationToken)) byRow[row] = entity;

        return sightings.Select(s =>
        {
            if (byRow.TryGetValue(TableKeys.Clipping(s.Key), out var direct)) return (direct, ClippingEntities.FromEntity(direct));
            if (sources.TryGetValue(TableKeys.Source(s.ContributorId, s.ItemKey), out var source)
                && source.GetString("ClippingKey") is { } key && byRow.TryGetValue(TableKeys.Clipping(key), out var entity))
            {
                return (entity, ClippingEntities.FromEntity(entity));
            }
            return ((TableEntity?)null, (Clippings.Clipping?)null);
        }).ToArray();
    }

    /// <summary>The actions that save one sighting merged into what was read: guarded by that row's ETag.</summary>
    private static PlannedSave Plan(int index, string partition, Sighting sighting, TableEntity? existingEntity, Clippings.Clipping? existing)
    {
        var (result, outcome) = ClippingMerger.Merge(existing, sighting);
        var actions = new List<TableTransactionAction>(4);
        var changed = !ReferenceEquals(result, existing);
        if (existing is null)
        {
            actions.Add(new(TableTransactionActionType.Add, ClippingEntities.ToEntity(partition, TableKeys.Clipping(result.Key), result)));
            actions.Add(new(TableTransactionActionType.Add, ClippingEntities.ToEntity(partition, TableKeys.Timeline(result), result)));
        }
        else if (changed)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, ClippingEntities.ToEntity(partition, existingEntity!.RowKey, result), existingEntity.ETag));
            var oldTimeline = TableKeys.Timeline(existing);
            var newTimeline = TableKeys.Timeline(result);
            if (oldTimeline != newTimeline)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldTimeline), ETag.All));
            }
            actions.Add(new(TableTransactionActionType.UpsertReplace, ClippingEntities.ToEntity(partition, newTimeline, result)));
        }
        actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, TableKeys.Source(sighting.ContributorId, sighting.ItemKey))
        {
            ["ClippingKey"] = result.Key,
            ["ItemKey"] = sighting.ItemKey.Length > 4000 ? sighting.ItemKey[..4000] : sighting.ItemKey,
            ["SourceHash"] = sighting.SourceHash,
        }));
        var (add, remove) = changed ? TableViews.Changes(existing, result) : ([], []);
        return new PlannedSave(index, actions, changed, outcome, add, remove);
    }

    /// <summary>Read, merge, write with the ETag read; on a conflict start again from the read.</summary>
    private async Task<(MergeOutcome Outcome, bool Changed)> SaveOneAsync(string partition, Sighting sighting, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (entity, existing) = (await FindManyAsync(partition, [sighting], cancellationToken))[0];
            var plan = Plan(0, partition, sighting, entity, existing);
            await _views.AddAsync(partition, plan.ViewRowsToAdd, cancellationToken);
            try
            {
                await _clippings.SubmitTransactionAsync(plan.Actions, cancellationToken);
                await _views.RemoveAsync(partition, plan.ViewRowsToRemove, cancellationToken);
                return (plan.Outcome, plan.Changed);
            }
            catch (TableTransactionFailedException e) when (IsRace(e) && attempt < MaxAttempts)
            {
                // Another writer added or changed this clipping since we read it: read again and merge into theirs.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
        }
    }

    private static bool IsRace(TableTransactionFailedException e) =>
        e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed || e.ErrorCode is "EntityAlreadyExists" or "UpdateConditionNotSatisfied";

    public async Task<IReadOnlyDictionary<string, string>> GetSourceHashesAsync(string topic, string contributorId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Partition(topic)} and RowKey ge {TableKeys.SourcesStart(contributorId)} and RowKey lt {TableKeys.SourcesEnd(contributorId)}");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in _clippings.QueryAsync<TableEntity>(filter, select: ["ItemKey", "SourceHash"], cancellationToken: cancellationToken))
        {
            if (row.GetString("ItemKey") is { } item) hashes[item] = row.GetString("SourceHash") ?? "";
        }
        return hashes;
    }

    public Task<ClippingPage> GetClippingsAsync(string topic, ClippingFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return _views.ReadAsync(TableKeys.Partition(topic), filter, pageSize, continuation, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Clippings.Clipping>> GetClippingsByKeyAsync(string topic, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var rows = await TableRows.ReadAsync(_clippings, TableKeys.Partition(topic), keys.Select(TableKeys.Clipping), cancellationToken);
        return rows.Values.Select(ClippingEntities.FromEntity).ToDictionary(c => c.Key, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<ArchiveMonth>> GetMonthsAsync(string topic, CancellationToken cancellationToken) =>
        _views.ReadMonthsAsync(TableKeys.Partition(topic), cancellationToken);

    // Faces live beside the contributors, one row each, the image in one binary property (at most 64 KB, its limit).
    private const string FacesPartition = "faces";

    public async Task SaveFaceAsync(string contributorId, Faces.Face? face, CancellationToken cancellationToken)
    {
        if (face is null)
        {
            try { await _contributors.DeleteEntityAsync(FacesPartition, contributorId, ETag.All, cancellationToken); }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound) { }
        }
        else
        {
            await _contributors.UpsertEntityAsync(new TableEntity(FacesPartition, contributorId)
            {
                ["ContentType"] = face.ContentType,
                ["Image"] = face.Image,
                ["Source"] = face.Source.Length > 2000 ? face.Source[..2000] : face.Source,
                ["Fetched"] = face.Fetched.ToUniversalTime(),
            }, TableUpdateMode.Replace, cancellationToken);
        }
        // The pages link to the face by its version: they change with it.
        await BumpChangeStampAsync(cancellationToken);
    }

    public async Task<Faces.Face?> GetFaceAsync(string contributorId, CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(FacesPartition, contributorId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetBinary("Image") is { } image
            ? new Faces.Face(row.Value.GetString("ContentType") ?? "application/octet-stream", image, row.Value.GetString("Source") ?? "", row.Value.GetDateTimeOffset("Fetched") ?? DateTimeOffset.UnixEpoch)
            : null;
    }

    public async Task<IReadOnlyList<DateTimeOffset>> GetPublishedTimesAsync(string topic, string? contributorId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Positions sort newest first, so everything since the bound lies between the range's start and the bound.
        var start = contributorId is null ? TableKeys.TimelineStart : TableKeys.EntryStart(ViewEntries.Contributor(contributorId));
        var end = start + TableKeys.Position(since.UtcTicks, "}");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Partition(topic)} and RowKey ge {start} and RowKey lt {end}");
        var times = new List<DateTimeOffset>();
        await foreach (var row in _clippings.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            times.Add(new DateTimeOffset(TableKeys.ParsePosition(row.RowKey[start.Length..]).PublishedTicks, TimeSpan.Zero));
        }
        return times;
    }

    public async Task<int> CountClippingsAsync(string topic, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Partition(topic)} and RowKey ge {TableKeys.TimelineStart} and RowKey lt {TableKeys.TimelineEnd}");
        var count = 0;
        await foreach (var _ in _clippings.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken)) count++;
        return count;
    }

    public async Task<IReadOnlyList<Contributor>> GetContributorsAsync(CancellationToken cancellationToken)
    {
        var contributors = new List<Contributor>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ContributorEntities.Partition}"), cancellationToken: cancellationToken))
        {
            contributors.Add(ContributorEntities.FromEntity(row));
        }
        return [.. contributors.OrderBy(c => c.RegisteredAt).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<Contributor?> GetContributorAsync(string id, CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(ContributorEntities.Partition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ContributorEntities.FromEntity(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Contributor>> GetContributorsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        // Point reads, several at once: the cheapest reads Table Storage has, and a batch's ids are scattered.
        var contributors = new System.Collections.Concurrent.ConcurrentBag<Contributor>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, token) =>
        {
            if (await GetContributorAsync(id, token) is { } contributor) contributors.Add(contributor);
        });
        return [.. contributors];
    }

    public async Task<bool> AddContributorAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        try
        {
            await _contributors.AddEntityAsync(ContributorEntities.ToEntity(contributor), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
        await BumpChangeStampAsync(cancellationToken);
        return true;
    }

    public async Task UpdateContributorAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        await _contributors.UpsertEntityAsync(ContributorEntities.ToEntity(contributor), TableUpdateMode.Replace, cancellationToken);
        await BumpChangeStampAsync(cancellationToken);
    }

    public async Task SaveFeedStatesAsync(IReadOnlyCollection<KeyValuePair<string, FeedState>> states, CancellationToken cancellationToken)
    {
        // One transaction per hundred feeds; a chunk that fails because a contributor was deleted meanwhile is retried
        // row by row, and the missing one skipped.
        foreach (var chunk in states.Chunk(MaxActionsPerTransaction))
        {
            var actions = chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpdateMerge, ContributorEntities.StateOnly(s.Key, s.Value), ETag.All)).ToList();
            try
            {
                await _contributors.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                foreach (var (id, state) in chunk)
                {
                    try
                    {
                        await _contributors.UpdateEntityAsync(ContributorEntities.StateOnly(id, state), ETag.All, TableUpdateMode.Merge, cancellationToken);
                    }
                    catch (RequestFailedException missing) when (missing.Status == (int)HttpStatusCode.NotFound)
                    {
                    }
                }
            }
        }
    }

    public async Task<long> GetChangeStampAsync(CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(MetaPartition, ChangeStampRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetInt64("Stamp") ?? 0 : 0;
    }

    private const string RunsPartition = "runs";

    // Newest first in key order: inverted start ticks, then the id.
    private static string RunRow(Refresh.RefreshRun run) => RunRow(run.Id, run.Started);

    private static string RunRow(string id, DateTimeOffset started) => $"{DateTimeOffset.MaxValue.UtcTicks - started.UtcTicks:D19}|{id}";

    public async Task SaveRunAsync(Refresh.RefreshRun run, CancellationToken cancellationToken)
    {
        await _contributors.UpsertEntityAsync(new TableEntity(RunsPartition, RunRow(run))
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(run, StoreJson.Stored.RefreshRun),
        }, TableUpdateMode.Replace, cancellationToken);
        if (run.InFlight) return;
        // A finished run holds no feeds back from later runs.
        await DeletePartitionAsync(RunPlanPartition(run.Id), cancellationToken);
        try
        {
            await PruneRunsAsync(cancellationToken);
        }
        catch (RequestFailedException)
        {
            // Two instances finishing runs at once prune the same rows: whichever comes second finds some gone. The
            // next finished run prunes again.
        }
    }

    private async Task PruneRunsAsync(CancellationToken cancellationToken)
    {
        // Past the kept number, the oldest go: read only the keys beyond it.
        var stale = new List<string>();
        var seen = 0;
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++seen > Refresh.RefreshRun.Kept) stale.Add(row.RowKey);
        }
        foreach (var chunk in stale.Chunk(MaxActionsPerTransaction))
        {
            await _contributors.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(RunsPartition, k), ETag.All)), cancellationToken);
        }
        foreach (var key in stale)
        {
            var runId = key[(key.IndexOf('|') + 1)..];
            await DeletePartitionAsync(RunBatchesPartition(runId), cancellationToken);
            // A run that never finished (its process ended) leaves its plan behind until it is pruned.
            await DeletePartitionAsync(RunPlanPartition(runId), cancellationToken);
        }
    }

    public async Task<Refresh.RefreshRun?> GetRunAsync(string id, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(RunsPartition, RunRow(id, started), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Data") is { } json ? System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Stored.RefreshRun) : null;
    }

    // A run's batches are a partition of their own: recorded by any instance, read back in one query.
    private static string RunBatchesPartition(string runId) => "run|" + runId;

    public async Task<bool> SaveRunBatchAsync(string runId, Refresh.RefreshBatchResult result, CancellationToken cancellationToken)
    {
        try
        {
            await _contributors.AddEntityAsync(new TableEntity(RunBatchesPartition(runId), result.Index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Data"] = System.Text.Json.JsonSerializer.Serialize(result, StoreJson.Stored.RefreshBatchResult),
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    // A run's plan is a partition of its own too: one row per batch, its feeds' ids (at most 1,000 of about 13
    // characters, well inside a property's 64 KB).
    private static string RunPlanPartition(string runId) => "plan|" + runId;

    public async Task SaveRunPlanAsync(string runId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken)
    {
        var partition = RunPlanPartition(runId);
        await DeletePartitionAsync(partition, cancellationToken);
        var rows = batches.Select((feeds, index) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(partition, index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)) { ["Feeds"] = string.Join(' ', feeds) }));
        foreach (var chunk in rows.Chunk(MaxActionsPerTransaction)) await _contributors.SubmitTransactionAsync(chunk, cancellationToken);
    }

    public async Task<IReadOnlyList<IReadOnlyList<string>>> GetRunPlanAsync(string runId, CancellationToken cancellationToken)
    {
        var batches = new List<IReadOnlyList<string>>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunPlanPartition(runId)}"), cancellationToken: cancellationToken))
        {
            batches.Add((row.GetString("Feeds") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        return batches;
    }

    private async Task DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var rows = new List<string>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken)) rows.Add(row.RowKey);
        try
        {
            foreach (var chunk in rows.Chunk(MaxActionsPerTransaction))
            {
                await _contributors.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Another instance deleted them first.
        }
    }

    public async Task<IReadOnlyList<Refresh.RefreshBatchResult>> GetRunBatchesAsync(string runId, CancellationToken cancellationToken)
    {
        var batches = new List<Refresh.RefreshBatchResult>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunBatchesPartition(runId)}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Data") is { } json) batches.Add(System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Stored.RefreshBatchResult)!);
        }
        return batches;
    }

    public async Task<IReadOnlyList<Refresh.RefreshRun>> GetRecentRunsAsync(int count, CancellationToken cancellationToken)
    {
        var runs = new List<Refresh.RefreshRun>(count);
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition}"), maxPerPage: count, cancellationToken: cancellationToken))
        {
            if (row.GetString("Data") is { } json) runs.Add(System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Stored.RefreshRun)!);
            if (runs.Count == count) break;
        }
        return runs;
    }

    private const string SubscriptionsPartition = "websub";

    public Task SaveSubscriptionAsync(WebSub.HubSubscription subscription, CancellationToken cancellationToken) =>
        // Ids are hex: valid row keys as they are.
        _contributors.UpsertEntityAsync(new TableEntity(SubscriptionsPartition, subscription.Id)
        {
            ["Data"] = System.Text.Json.JsonSerializer.Serialize(subscription, StoreJson.Stored.HubSubscription),
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<WebSub.HubSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        // An id from a callback address is the caller's: anything a row key cannot be is simply not a subscription.
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit)) return null;
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(SubscriptionsPartition, id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Data") is { } json ? System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Stored.HubSubscription) : null;
    }

    public async Task<IReadOnlyList<WebSub.HubSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var subscriptions = new List<WebSub.HubSubscription>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SubscriptionsPartition}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Data") is { } json) subscriptions.Add(System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Stored.HubSubscription)!);
        }
        return subscriptions;
    }

    public async Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _contributors.DeleteEntityAsync(SubscriptionsPartition, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    private const string ProtectionKeysPartition = "protection-keys";

    public async Task<IReadOnlyList<string>> GetProtectionKeysAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in _contributors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ProtectionKeysPartition}"), cancellationToken: cancellationToken))
        {
            if (row.GetString("Xml") is { } xml) keys.Add(xml);
        }
        return keys;
    }

    public Task SaveProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken) =>
        // Key names are "key-{guid}": valid row keys as they are.
        _contributors.UpsertEntityAsync(new TableEntity(ProtectionKeysPartition, name) { ["Xml"] = xml }, TableUpdateMode.Replace, cancellationToken);

    public async Task<DateTimeOffset?> GetLastRefreshStartAsync(CancellationToken cancellationToken)
    {
        var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(MetaPartition, RefreshRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("Started") : null;
    }

    public async Task<bool> TryRecordRefreshStartAsync(DateTimeOffset? previous, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(MetaPartition, RefreshRow) { ["Started"] = started.ToUniversalTime() };
        try
        {
            if (previous is null)
            {
                await _contributors.AddEntityAsync(entity, cancellationToken);
                return true;
            }
            // The row's ETag makes the write conditional on nobody having written it since it was read.
            var row = await _contributors.GetEntityIfExistsAsync<TableEntity>(MetaPartition, RefreshRow, cancellationToken: cancellationToken);
            if (!row.HasValue || row.Value!.GetDateTimeOffset("Started") != previous) return false;
            await _contributors.UpdateEntityAsync(entity, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException lost) when (lost.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    // Readers only compare the stamp for equality, so writers need not agree on a counter: a fresh random value per
    // change is one blind write, with no read and no contention between concurrent refreshes.
    private Task BumpChangeStampAsync(CancellationToken cancellationToken) =>
        _contributors.UpsertEntityAsync(new TableEntity(MetaPartition, ChangeStampRow) { ["Stamp"] = Random.Shared.NextInt64(1, long.MaxValue) },
            TableUpdateMode.Replace, cancellationToken);
}
