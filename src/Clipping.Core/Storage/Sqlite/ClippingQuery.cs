using Clipping.Views;
using Microsoft.Data.Sqlite;

namespace Clipping.Storage.Sqlite;

/// <summary>
/// The SELECT that lists one page of a filtered view, newest first, continuing after a cursor. Each filter reads the
/// index that orders it: the timeline index, the entries' primary key, or FTS5.
/// </summary>
internal static class ClippingQuery
{
    public static void Prepare(SqliteCommand command, string topic, ClippingFilter filter, int limit, string? continuation)
    {
        // t: the table whose published/key columns order the page; from: where the rows come from.
        var (from, t, where) = filter switch
        {
            ClippingFilter.ByContributor or ClippingFilter.ByTag or ClippingFilter.LinkingTo =>
                ("clipping_entries e JOIN clippings c ON c.topic = e.topic AND c.key = e.key", "e", "e.topic = $topic AND e.entry = $entry"),
            ClippingFilter.PublishedBetween =>
                ("clippings c", "c", "c.topic = $topic AND c.published >= $from AND c.published < $until"),
            ClippingFilter.Matching =>
                ("clipping_text f JOIN clippings c ON c.rowid = f.rowid", "c", "clipping_text MATCH $match AND c.topic = $topic"),
            _ => ("clippings c", "c", "c.topic = $topic"),
        };
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$limit", limit);
        switch (filter)
        {
            case ClippingFilter.ByContributor or ClippingFilter.ByTag or ClippingFilter.LinkingTo:
                command.Parameters.AddWithValue("$entry", ViewEntries.For(filter)![0]);
                break;
            case ClippingFilter.PublishedBetween range:
                command.Parameters.AddWithValue("$from", range.From.UtcTicks);
                command.Parameters.AddWithValue("$until", range.Until.UtcTicks);
                break;
            case ClippingFilter.Matching matching:
                command.Parameters.AddWithValue("$match", MatchExpression(matching.Query));
                break;
        }
        if (TimelineCursor.TryParse(continuation, out var cursor))
        {
            where += $" AND ({t}.published < $ticks OR ({t}.published = $ticks AND {t}.key < $key))";
            command.Parameters.AddWithValue("$ticks", cursor.PublishedTicks);
            command.Parameters.AddWithValue("$key", cursor.Key);
        }
        command.CommandText = $"SELECT c.data FROM {from} WHERE {where} ORDER BY {t}.published DESC, {t}.key DESC LIMIT $limit";
    }

    /// <summary>
    /// Every term quoted, so nothing a reader types is read as FTS5 syntax (AND, NEAR, column filters, a stray quote).
    /// Terms are letters and digits only, so quoting needs no escaping.
    /// </summary>
    private static string MatchExpression(SearchQuery query) => string.Join(' ', query.Terms.Select(t => $"\"{t}\""));
}
