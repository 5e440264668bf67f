using Clipping.Clippings;
using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;
using Clipping.Views;
using Microsoft.Data.Sqlite;

namespace Clipping.Tests.Storage;

/// <summary>
/// A SQLite file from each earlier released layout (the tables as each release created them, from the repository's
/// history), holding a contributor, a clipping and a seen item, is brought up to date when opened: everything reads,
/// the views find the clipping, and a refresh can write to it.
/// </summary>
public sealed class LayoutUpgradeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string ContributorsWithoutKeys = """
        CREATE TABLE contributors (id TEXT PRIMARY KEY, name TEXT NOT NULL, site_url TEXT, feed_url TEXT NOT NULL, status TEXT NOT NULL,
            mode TEXT NOT NULL, topic TEXT, registered_at INTEGER NOT NULL, state TEXT NOT NULL);
        """;
    private const string ContributorsWithKeys = """
        CREATE TABLE contributors (id TEXT PRIMARY KEY, name TEXT NOT NULL, site_url TEXT, feed_url TEXT NOT NULL, status TEXT NOT NULL,
            mode TEXT NOT NULL, topic TEXT, registered_at INTEGER NOT NULL, state TEXT NOT NULL, keys TEXT);
        """;
    private const string Clippings = """
        CREATE TABLE clippings (topic TEXT NOT NULL, key TEXT NOT NULL, published INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (topic, key));
        CREATE INDEX clippings_timeline ON clippings (topic, published DESC, key DESC);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """;
    private const string SourcesWithoutHashes = """
        CREATE TABLE source_items (topic TEXT NOT NULL, contributor_id TEXT NOT NULL, item_key TEXT NOT NULL, clipping_key TEXT NOT NULL,
            PRIMARY KEY (topic, contributor_id, item_key));
        """;
    private const string SourcesWithHashes = """
        CREATE TABLE source_items (topic TEXT NOT NULL, contributor_id TEXT NOT NULL, item_key TEXT NOT NULL, clipping_key TEXT NOT NULL,
            source_hash TEXT NOT NULL DEFAULT '', PRIMARY KEY (topic, contributor_id, item_key));
        """;
    private const string ViewsWithStoredText = """
        CREATE TABLE clipping_entries (topic TEXT NOT NULL, entry TEXT NOT NULL, published INTEGER NOT NULL, key TEXT NOT NULL,
            PRIMARY KEY (topic, entry, published, key)) WITHOUT ROWID;
        CREATE INDEX clipping_entries_by_key ON clipping_entries (topic, key);
        CREATE VIRTUAL TABLE clipping_text USING fts5 (title, excerpt, tags, tokenize = 'unicode61 remove_diacritics 2');
        """;
    private const string ProtectionKeys = "CREATE TABLE protection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL);";

    public static TheoryData<string> Layouts => ["first release (6e57c53)", "seen items' hashes (f1af01d)", "views, version 2 (fe49cbf)", "links, version 3 (8d165a0)", "keys, version 4 (7db1a7a)"];

    private static (string Sql, int Version, bool HasHashes, bool HasKeys, bool Indexed) Layout(string name) => name switch
    {
        "first release (6e57c53)" => (ContributorsWithoutKeys + Clippings + SourcesWithoutHashes, 0, false, false, false),
        "seen items' hashes (f1af01d)" => (ContributorsWithoutKeys + Clippings + SourcesWithHashes, 0, true, false, false),
        // Version 2's entries had no links; the upgrade indexes the clippings again whatever a file from before 4 holds.
        "views, version 2 (fe49cbf)" => (ContributorsWithoutKeys + Clippings + SourcesWithHashes + ViewsWithStoredText, 2, true, false, false),
        "links, version 3 (8d165a0)" => (ContributorsWithoutKeys + Clippings + SourcesWithHashes + ViewsWithStoredText, 3, true, false, false),
        "keys, version 4 (7db1a7a)" => (ContributorsWithKeys + Clippings + SourcesWithHashes + ViewsWithStoredText + ProtectionKeys, 4, true, true, true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_file_from_an_earlier_layout_is_brought_up_to_date_when_opened(string layout)
    {
        var (sql, version, hasHashes, hasKeys, indexed) = Layout(layout);
        var path = Path.Combine(_folder.Path, "old.db");
        var clipping = ClippingMerger.Merge(null, ClippingMergerTests.Sighting("rich", "https://rich.example/libraries", Now, title: "Volunteers run the library", tags: ["Big Society"])).Result;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, sql + $"PRAGMA user_version = {version};", []);
            await ExecuteAsync(connection, $"INSERT INTO contributors (id, name, site_url, feed_url, status, mode, topic, registered_at, state{(hasKeys ? ", keys" : "")}) " +
                $"VALUES ('rich', 'Rich', 'https://rich.example/', 'https://rich.example/feed/', 'Approved', 'TaggedPosts', NULL, $0, '{{\"ETag\":\"\\\"v1\\\"\"}}'{(hasKeys ? ", NULL" : "")})",
                [Now.AddDays(-3).UtcTicks]);
            await ExecuteAsync(connection, "INSERT INTO clippings (topic, key, published, data) VALUES ($0, $1, $2, $3)",
                [clipping.Topic, clipping.Key, clipping.Published.UtcTicks, System.Text.Json.JsonSerializer.Serialize(clipping, StoreJson.Stored.Clipping)]);
            await ExecuteAsync(connection, $"INSERT INTO source_items (topic, contributor_id, item_key, clipping_key{(hasHashes ? ", source_hash" : "")}) VALUES ($0, 'rich', $1, $2{(hasHashes ? ", 'h1'" : "")})",
                [clipping.Topic, clipping.Sources[0].ItemKey, clipping.Key]);
            if (indexed)
            {
                foreach (var entry in ViewEntries.Of(clipping, withTerms: false))
                {
                    await ExecuteAsync(connection, "INSERT INTO clipping_entries (topic, entry, published, key) VALUES ($0, $1, $2, $3)", [clipping.Topic, entry, clipping.Published.UtcTicks, clipping.Key]);
                }
                await ExecuteAsync(connection, "INSERT INTO clipping_text (rowid, title, excerpt, tags) SELECT rowid, $0, $1, $2 FROM clippings", [clipping.Title, clipping.ExcerptText, string.Join(", ", clipping.Tags)]);
            }
        }

        var store = new SqliteClippingStore(path);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("\"v1\"", Assert.Single(await store.GetContributorsAsync(CancellationToken.None)).State.ETag);
        Assert.Equal([clipping.Key], (await store.GetClippingsAsync("big-society", new ClippingFilter.ByContributor("rich"), 10, null, CancellationToken.None)).Items.Select(c => c.Key));
        Assert.Equal([clipping.Key], (await store.GetClippingsAsync("big-society", new ClippingFilter.Matching(SearchQuery.Parse("library")), 10, null, CancellationToken.None)).Items.Select(c => c.Key));
        Assert.Equal(hasHashes ? "h1" : "", (await store.GetSourceHashesAsync("big-society", "rich", CancellationToken.None))[clipping.Sources[0].ItemKey]);

        // A refresh writes to it as to a new file: a new post, and the same post again from another contributor.
        await store.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("ann", "https://rich.example/libraries", Now.AddHours(1)), ClippingMergerTests.Sighting("ann", "https://ann.example/new", Now)], CancellationToken.None);
        Assert.Equal(2, await store.CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Equal(["ann", "rich"], (await store.GetClippingsByKeyAsync("big-society", [clipping.Key], CancellationToken.None))[clipping.Key].Sources.Select(s => s.ContributorId).Order());
        var check = await StoreCheck.CheckAsync(store.ReadAllAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal(2, check.Records["clipping"].Count);

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            Assert.Equal(4L, await command.ExecuteScalarAsync());
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, object[] values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + i, values[i]);
        await command.ExecuteNonQueryAsync();
    }
}
