using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Clipping.Views;

namespace Clipping.Storage.Tables;

/// <summary>
/// The filtered views on Table Storage, read without scanning a topic:
/// <list type="bullet">
/// <item>a month is a range of the timeline rows;</item>
/// <item>a contributor, a tag and each search term have entry rows (<see cref="TableKeys.Entry"/>) in the topic's
/// partition, ordered like the timeline, so a view is a range query over its entry's rows;</item>
/// <item>a search for several terms walks their entry rows together, each jumping ahead to the newest position all of
/// them might share (a leapfrog join), so it reads about as many rows as the rarest term has, not every clipping.</item>
/// </list>
/// Entry rows are many (a clipping has one per word), more than one entity-group transaction holds, so they are
/// written around the clipping's own transaction: new rows before it, stale rows deleted after it. An interruption
/// can only leave a stale row behind, and every row read is checked against its clipping.
/// </summary>
internal sealed class TableViews(TableClient clippings)
{
    private const int MaxActionsPerTransaction = 100;
    private const int RowsPerRead = 100;

    /// <summary>How many range queries one page of a search may spend; past that it stops and offers to go on.</summary>
    private const int MaxSeeksPerPage = 200;

    // ---- reading ------------------------------------------------------------------------------------------------

    public async Task<ClippingPage> ReadAsync(string partition, ClippingFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var after = TimelineCursor.TryParse(continuation, out var cursor) ? TableKeys.Position(cursor.PublishedTicks, cursor.Key) : null;
        return ViewEntries.For(filter) switch
        {
            null => await ReadTimelineAsync(partition, filter as ClippingFilter.PublishedBetween, pageSize, after, cancellationToken),
            [] => new ClippingPage([], null),
            var entries => await ReadEntriesAsync(partition, entries, pageSize, after, cancellationToken),
        };
    }

    private async Task<ClippingPage> ReadTimelineAsync(string partition, ClippingFilter.PublishedBetween? range, int pageSize, string? after, CancellationToken cancellationToken)
    {
        // Newest first: the range's end is the lower row key.
        var lower = TableKeys.TimelineStart + (range is null ? "" : Bound(range.Until));
        var upper = range is null ? TableKeys.TimelineEnd : TableKeys.TimelineStart + Bound(range.From);
        var lowerClause = TableClient.CreateQueryFilter($"RowKey ge {lower}");
        if (after is not null && string.CompareOrdinal(TableKeys.TimelineStart + after, lower) >= 0)
        {
            lowerClause = TableClient.CreateQueryFilter($"RowKey gt {TableKeys.TimelineStart + after}");
        }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and " + lowerClause + " and " + TableClient.CreateQueryFilter($"RowKey lt {upper}");
        var items = new List<Clippings.Clipping>(pageSize + 1);
        await foreach (var row in clippings.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, cancellationToken: cancellationToken))
        {
            items.Add(ClippingEntities.FromEntity(row));
            if (items.Count > pageSize) break;
        }
        return Page(items, pageSize);
    }

    // The position of the first instant not in the list (an inverted bound): ticks just before it sort after it.
    private static string Bound(DateTimeOffset instant) =>
        (DateTimeOffset.MaxValue.UtcTicks - instant.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);

    private async Task<ClippingPage> ReadEntriesAsync(string partition, IReadOnlyList<string> entries, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var streams = entries.Select(e => new EntryStream(clippings, partition, e)).ToArray();
        var budget = new SeekBudget(MaxSeeksPerPage);
        var items = new List<Clippings.Clipping>(pageSize + 1);
        var from = after is null ? "" : After(after);
        while (items.Count <= pageSize)
        {
            var positions = new List<string>();
            var walk = Walk.Found;
            while (positions.Count < pageSize + 1 - items.Count)
            {
                (walk, var position) = await NextSharedAsync(streams, from, budget, cancellationToken);
                if (walk != Walk.Found)
                {
                    from = position;
                    break;
                }
                positions.Add(position);
                from = After(position);
            }
            items.AddRange(await ConfirmAsync(partition, positions, entries, cancellationToken));
            if (walk == Walk.End) return Page(items, pageSize);
            if (walk == Walk.OutOfBudget && items.Count <= pageSize)
            {
                // This page ends early; the next carries on from where the walk reached. Every position before
                // 'from' is known not to be shared, so "just after" a position one character short of it is
                // exactly where to resume.
                if (from.Length <= 20) return new ClippingPage(items, null);
                var (ticks, key) = TableKeys.ParsePosition(from);
                return new ClippingPage(items, TimelineCursor.After(ticks, key[..^1]));
            }
        }
        return Page(items, pageSize);
    }

    // ' ' sorts before every digit and letter: the first position strictly after this one.
    private static string After(string position) => position + " ";

    private enum Walk { Found, End, OutOfBudget }

    private static ClippingPage Page(List<Clippings.Clipping> items, int pageSize)
    {
        if (items.Count <= pageSize) return new ClippingPage(items, null);
        items.RemoveRange(pageSize, items.Count - pageSize);
        return new ClippingPage(items, TimelineCursor.After(items[^1]));
    }

    /// <summary>The first position at or after <paramref name="from"/> that every stream has (a leapfrog join).</summary>
    private static async Task<(Walk, string)> NextSharedAsync(EntryStream[] streams, string from, SeekBudget budget, CancellationToken cancellationToken)
    {
        var candidate = from;
        var agreed = 0;
        for (var i = 0; agreed < streams.Length; i = (i + 1) % streams.Length)
        {
            if (budget.Spent) return (Walk.OutOfBudget, candidate);
            var next = await streams[i].SeekAsync(candidate, budget, cancellationToken);
            if (next is null) return (Walk.End, candidate);
            if (next == candidate && agreed > 0) agreed++;
            else { candidate = next; agreed = 1; }
        }
        return (Walk.Found, candidate);
    }

    /// <summary>The clippings at these positions that still belong there: the same published time, every entry asked for.</summary>
    private async Task<IEnumerable<Clippings.Clipping>> ConfirmAsync(string partition, List<string> positions, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        var wanted = positions.Select(TableKeys.ParsePosition).ToList();
        var rows = await TableRows.ReadAsync(clippings, partition, wanted.Select(w => TableKeys.Clipping(w.Key)), cancellationToken);
        var confirmed = new List<Clippings.Clipping>(wanted.Count);
        foreach (var (ticks, key) in wanted)
        {
            if (!rows.TryGetValue(TableKeys.Clipping(key), out var row)) continue;
            var clipping = ClippingEntities.FromEntity(row);
            if (clipping.Published.UtcTicks != ticks) continue;
            var has = ViewEntries.Of(clipping, withTerms: true).ToHashSet(StringComparer.Ordinal);
            if (entries.All(has.Contains)) confirmed.Add(clipping);
        }
        return confirmed;
    }

    private sealed class SeekBudget(int seeks)
    {
        private int _left = seeks;
        public bool Spent => _left <= 0;
        public void Spend() => _left--;
    }

    /// <summary>One entry's rows, read a page at a time from wherever the join asks to jump to.</summary>
    private sealed class EntryStream(TableClient table, string partition, string entry)
    {
        private readonly string _start = TableKeys.EntryStart(entry);
        private List<string> _buffer = [];
        private string? _bufferFrom;
        private bool _bufferIsLast;

        public async Task<string?> SeekAsync(string from, SeekBudget budget, CancellationToken cancellationToken)
        {
            if (_bufferFrom is null || string.CompareOrdinal(from, _bufferFrom) < 0 || (!_bufferIsLast && (_buffer.Count == 0 || string.CompareOrdinal(from, _buffer[^1]) > 0)))
            {
                budget.Spend();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {_start + from} and RowKey lt {TableKeys.EntryEnd(entry)}");
                var page = await table.QueryAsync<TableEntity>(filter, maxPerPage: RowsPerRead, select: ["RowKey"], cancellationToken: cancellationToken)
                    .AsPages(pageSizeHint: RowsPerRead).FirstOrDefaultAsync(cancellationToken);
                _buffer = page?.Values.Select(r => r.RowKey[_start.Length..]).ToList() ?? [];
                _bufferFrom = from;
                _bufferIsLast = page?.ContinuationToken is null;
            }
            var index = _buffer.BinarySearch(from, StringComparer.Ordinal);
            if (index < 0) index = ~index;
            return index < _buffer.Count ? _buffer[index] : null;
        }
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    /// <summary>The rows a clipping is listed by: its entry rows and its UTC month.</summary>
    public static IEnumerable<string> RowsOf(Clippings.Clipping? clipping) => clipping is null
        ? []
        : ViewEntries.Of(clipping, withTerms: true).Select(e => TableKeys.Entry(e, clipping)).Append(TableKeys.Month(clipping.Published));

    /// <summary>What changing a clipping from <paramref name="before"/> to <paramref name="after"/> adds and removes.</summary>
    public static (IEnumerable<string> Add, IEnumerable<string> Remove) Changes(Clippings.Clipping? before, Clippings.Clipping after)
    {
        var old = RowsOf(before).ToHashSet(StringComparer.Ordinal);
        var now = RowsOf(after).ToHashSet(StringComparer.Ordinal);
        // Month rows are never removed: another clipping may share the month, and ArchiveMonths checks each one.
        return (now.Where(r => !old.Contains(r)), old.Where(r => !now.Contains(r) && !r.StartsWith(TableKeys.MonthsStart, StringComparison.Ordinal)));
    }

    public Task AddAsync(string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken) =>
        SubmitAsync(partition, rowKeys, TableTransactionActionType.UpsertReplace, cancellationToken);

    /// <summary>
    /// Deletes entry rows a clipping no longer needs. Another writer may have stored a newer version meanwhile that needs
    /// some of them again, so each clipping is read first and the rows it now has are kept.
    /// </summary>
    public async Task RemoveAsync(string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var stale = rowKeys.Distinct(StringComparer.Ordinal).ToList();
        if (stale.Count == 0) return;
        var keys = stale.Select(r => r[(r.LastIndexOf('|') + 1)..]).Distinct(StringComparer.Ordinal);
        var current = await TableRows.ReadAsync(clippings, partition, keys.Select(TableKeys.Clipping), cancellationToken);
        var needed = current.Values.SelectMany(row => RowsOf(ClippingEntities.FromEntity(row))).ToHashSet(StringComparer.Ordinal);
        await SubmitAsync(partition, stale.Where(r => !needed.Contains(r)), TableTransactionActionType.Delete, cancellationToken);
    }

    // Transactions touch different rows, so several go at once: a clipping has a row per term, and a store of them
    // waits on round trips, not on the service.
    private Task SubmitAsync(string partition, IEnumerable<string> rowKeys, TableTransactionActionType type, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(rowKeys.Distinct(StringComparer.Ordinal).Chunk(MaxActionsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                try
                {
                    await clippings.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(type, new TableEntity(partition, k), ETag.All)), token);
                }
                catch (TableTransactionFailedException e) when (type == TableTransactionActionType.Delete && e.Status == (int)HttpStatusCode.NotFound)
                {
                    // One row was gone already (another writer removed it): delete the others one by one.
                    foreach (var key in chunk)
                    {
                        try { await clippings.DeleteEntityAsync(partition, key, ETag.All, token); }
                        catch (RequestFailedException gone) when (gone.Status == (int)HttpStatusCode.NotFound) { }
                    }
                }
            });

    /// <summary>
    /// Lists every stored clipping in its views: for clippings written before the views existed. Idempotent, so
    /// instances starting together may both run it.
    /// </summary>
    public async Task IndexAllAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {TableKeys.Clipping("")} and RowKey lt {"id}"}");
        var pending = new List<string>();
        string? partition = null;
        await foreach (var row in clippings.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (partition != row.PartitionKey || pending.Count >= 10 * MaxActionsPerTransaction)
            {
                if (partition is not null) await AddAsync(partition, pending, cancellationToken);
                pending.Clear();
                partition = row.PartitionKey;
            }
            pending.AddRange(RowsOf(ClippingEntities.FromEntity(row)));
        }
        if (partition is not null) await AddAsync(partition, pending, cancellationToken);
    }

    public async Task<IReadOnlyList<ArchiveMonth>> ReadMonthsAsync(string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {TableKeys.MonthsStart} and RowKey lt {TableKeys.MonthsEnd}");
        var months = new List<ArchiveMonth>();
        await foreach (var row in clippings.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (int.TryParse(row.RowKey.AsSpan(TableKeys.MonthsStart.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var yyyymm))
            {
                months.Add(new ArchiveMonth(yyyymm / 100, yyyymm % 100));
            }
        }
        months.Reverse();
        return months;
    }
}

/// <summary>Reads rows of one partition by key, a few keys per query.</summary>
internal static class TableRows
{
    private const int KeysPerQuery = 20;

    public static async Task<Dictionary<string, TableEntity>> ReadAsync(TableClient table, string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var chunk in rowKeys.Distinct(StringComparer.Ordinal).Chunk(KeysPerQuery))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" +
                string.Join(" or ", chunk.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k}"))) + ")";
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) rows[row.RowKey] = row;
        }
        return rows;
    }
}
