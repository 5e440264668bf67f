using Clipping.Content;
using Clipping.Storage.Archive;
using Clipping.Storage.Sqlite;

namespace Clipping.Storage.Backups;

/// <summary>
/// Whether a backup can be restored from, checked right after it is written: a SQLite snapshot must pass SQLite's own
/// check and read back whole; an archive must match its header; either way every reference in it must lead somewhere.
/// </summary>
public static class BackupVerification
{
    /// <returns>Whether it verified, and what it holds or what is wrong with it, in plain words.</returns>
    public static async Task<(bool Verified, string Summary)> VerifyAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            StoreCheckReport check;
            if (SqliteClippingStore.IsDatabaseFile(path))
            {
                var snapshot = new SqliteClippingStore(path);
                if (await snapshot.QuickCheckAsync(cancellationToken) is { } problem) return (false, $"SQLite finds the file damaged: {problem}");
                check = await StoreCheck.CheckAsync(snapshot.ReadAllAsync(cancellationToken), cancellationToken);
            }
            else
            {
                await ArchiveFile.VerifyAsync(path, cancellationToken);
                check = await StoreCheck.CheckAsync(ArchiveFile.RecordsAsync(path, cancellationToken), cancellationToken);
            }
            var summary = Describe(check.Records);
            return check.Sound ? (true, summary) : (false, $"{summary}; {string.Join("; ", check.Problems)}");
        }
        catch (Exception e) when (e is ArchiveException or IOException or Microsoft.Data.Sqlite.SqliteException or FormatException)
        {
            return (false, e.Message);
        }
    }

    /// <summary>"3,824 clippings, 1,000 contributors": the kinds people count.</summary>
    public static string Describe(IReadOnlyDictionary<string, KindSummary> records) =>
        string.Join(", ", new[] { ArchiveKinds.Clipping, ArchiveKinds.Contributor }.Select(kind =>
            $"{(records.TryGetValue(kind, out var s) ? s.Count : 0):N0} {ArchiveKinds.Plural(kind)}"));
}
