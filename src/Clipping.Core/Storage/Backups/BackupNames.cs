using System.Globalization;

namespace Clipping.Storage.Backups;

/// <summary>
/// How backups are named and which are kept, in a folder or a Blob container alike: named by the second they were
/// taken, so their names sort as their times do.
/// </summary>
public static class BackupNames
{
    public const string Prefix = "clipping-";

    /// <param name="extension">".db" for a SQLite snapshot, ".jsonl.gz" for a site archive.</param>
    public static string For(DateTimeOffset taken, string extension) =>
        Prefix + taken.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + extension;

    /// <summary>Of every backup's name (or path in one folder), those past the newest <paramref name="keep"/>: the ones to delete.</summary>
    public static IEnumerable<string> BeyondNewest(IEnumerable<string> names, int keep) =>
        names.OrderByDescending(n => n, StringComparer.Ordinal).Skip(Math.Max(1, keep));
}
