namespace Clipping.Storage.Sqlite;

/// <summary>
/// The SQLite tables. Clippings are kept as JSON beside the columns they are ordered and found by; the contributor and
/// tag views read <c>clipping_entries</c>, search reads the FTS5 table <c>clipping_text</c> (whose rowid is the
/// clipping's). <see cref="Version"/> counts schema changes: a file from before a change is brought up to date, its
/// existing clippings indexed, when the store first opens it.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// 1: clippings, sources, contributors. 2: the view entries and the search text. 3: links between clippings.
    /// 4: contributors' keys (<see cref="AddKeysColumn"/>).
    /// </summary>
    public const int Version = 4;

    /// <summary>Brings a seen-items table from the first release (before posts' fingerprints were kept) up to date.</summary>
    public const string AddSourceHashColumn = "ALTER TABLE source_items ADD COLUMN source_hash TEXT NOT NULL DEFAULT ''";

    /// <summary>Brings a contributors table from before version 4 up to date; CREATE TABLE IF NOT EXISTS leaves it as it was.</summary>
    public const string AddKeysColumn = "ALTER TABLE contributors ADD COLUMN keys TEXT";

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
            state TEXT NOT NULL,
            keys TEXT
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
        CREATE TABLE IF NOT EXISTS clipping_entries (
            topic TEXT NOT NULL,
            entry TEXT NOT NULL,
            published INTEGER NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (topic, entry, published, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS clipping_entries_by_key ON clipping_entries (topic, key);
        CREATE VIRTUAL TABLE IF NOT EXISTS clipping_text USING fts5 (title, excerpt, tags, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            started INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started DESC);
        CREATE TABLE IF NOT EXISTS run_batches (
            run_id TEXT NOT NULL,
            batch INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (run_id, batch)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS run_plans (
            run_id TEXT NOT NULL,
            batch INTEGER NOT NULL,
            feeds TEXT NOT NULL,
            PRIMARY KEY (run_id, batch)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS subscriptions (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS email_subscribers (
            id TEXT PRIMARY KEY,
            address_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS email_subscribers_by_address ON email_subscribers (address_key);
        CREATE TABLE IF NOT EXISTS protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS faces (contributor_id TEXT PRIMARY KEY, content_type TEXT NOT NULL, image BLOB NOT NULL, source TEXT NOT NULL, fetched INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS notes (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;
}
