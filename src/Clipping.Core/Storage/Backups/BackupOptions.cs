using Clipping.Hosting;

namespace Clipping.Storage.Backups;

/// <summary>Backups that happen by themselves (<c>Clipping:Backup:*</c>).</summary>
public sealed class BackupOptions
{
    /// <summary>
    /// The self-host's backup folder: with it set, <c>serve</c> takes a snapshot of the store there on <see cref="Schedule"/>.
    /// Off when unset. The Functions app writes to <see cref="Container"/> instead.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>When backups are taken: six-field NCRONTAB in UTC, daily at 03:00 unless set.</summary>
    public string Schedule { get; set; } = BackupSchedule.Default;

    /// <summary>How many backups are kept: the newest, the rest deleted after each new one verifies.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>The Functions app's Blob container for backups, in the app's own storage account.</summary>
    public string Container { get; set; } = "clipping-backups";
}

public sealed class BackupSchedule(string? expression) : CronSchedule("Clipping:Backup:Schedule", expression, Default)
{
    public const string Default = "0 0 3 * * *";
}

/// <summary>The last backup taken of a store, kept as a note in the store so <c>/manage</c> on any instance can show it.</summary>
/// <param name="Where">The file or blob, for people.</param>
/// <param name="Summary">What it holds ("1,204 clippings, 31 contributors, ..."), or what went wrong.</param>
public sealed record BackupRecord(DateTimeOffset Taken, string Where, long Bytes, bool Verified, string Summary);
