namespace Clipping.Storage.Sqlite;

/// <summary>The SQLite tables. Clippings are kept as JSON beside the columns they are ordered and found by.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS contributors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            site_url TEXT,
            feed_url TEXT NOT NULL,
            status TEXT NOT NULL,
            mode TEXT NOT NULL,
            topic TEXT,
            registered_at INTEGER NOT NULL,
            state TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS clippings (
            topic TEXT NOT NULL,
            key TEXT NOT NULL,
            published INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (topic, key)
        );
        CREATE INDEX IF NOT EXISTS clippings_timeline ON clippings (topic, published DESC, key DESC);
        CREATE TABLE IF NOT EXISTS source_items (
            topic TEXT NOT NULL,
            contributor_id TEXT NOT NULL,
            item_key TEXT NOT NULL,
            clipping_key TEXT NOT NULL,
            source_hash TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (topic, contributor_id, item_key)
        );
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        """;
}
