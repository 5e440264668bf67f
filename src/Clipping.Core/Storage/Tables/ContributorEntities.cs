using System.Text.Json;
using Azure.Data.Tables;
using Clipping.Contributors;

namespace Clipping.Storage.Tables;

/// <summary>How a contributor and its polling state are kept in the contributors table: one row each, in one partition.</summary>
internal static class ContributorEntities
{
    public const string Partition = "contributor";

    public static TableEntity ToEntity(Contributor c) => new(Partition, c.Id)
    {
        ["Name"] = c.Name,
        ["SiteUrl"] = c.SiteUrl,
        ["FeedUrl"] = c.FeedUrl,
        ["Status"] = c.Status.ToString(),
        ["Mode"] = c.Mode.ToString(),
        ["Topic"] = c.Topic,
        ["RegisteredAt"] = c.RegisteredAt,
        ["State"] = StateJson(c.State),
        ["Keys"] = c.Keys is null ? null : JsonSerializer.Serialize(c.Keys, StoreJson.Stored.ContributorKeys),
    };

    public static TableEntity StateOnly(string id, FeedState state) => new(Partition, id) { ["State"] = StateJson(state) };

    public static Contributor FromEntity(TableEntity e) => new(
        Id: e.RowKey,
        Name: e.GetString("Name"),
        SiteUrl: e.GetString("SiteUrl"),
        FeedUrl: e.GetString("FeedUrl"),
        Status: Enum.Parse<ContributorStatus>(e.GetString("Status")),
        Mode: Enum.Parse<FeedMode>(e.GetString("Mode")),
        Topic: e.GetString("Topic"),
        RegisteredAt: e.GetDateTimeOffset("RegisteredAt") ?? DateTimeOffset.MinValue,
        State: e.GetString("State") is { } json ? JsonSerializer.Deserialize(json, StoreJson.Stored.FeedState) ?? FeedState.New : FeedState.New,
        Keys: e.GetString("Keys") is { } keys ? JsonSerializer.Deserialize(keys, StoreJson.Stored.ContributorKeys) : null);

    // Warnings, errors and titles are short; a hostile feed's are capped so that with the seen items (under 9,000
    // characters) the property limit cannot be reached.
    private static string StateJson(FeedState state)
    {
        var capped = state with
        {
            LastError = state.LastError is { Length: > 2000 } e ? e[..2000] : state.LastError,
            FeedTitle = state.FeedTitle is { Length: > 500 } t ? t[..500] : state.FeedTitle,
            // A validator that long is not worth keeping: without it the feed is fetched whole, which is only slower.
            ETag = state.ETag is { Length: > 1000 } ? null : state.ETag,
            LastModified = state.LastModified is { Length: > 1000 } ? null : state.LastModified,
            Warnings = state.Warnings?.Take(20).Select(w => w.Length > 500 ? w[..500] : w).ToList(),
        };
        return JsonSerializer.Serialize(capped, StoreJson.Stored.FeedState);
    }
}
