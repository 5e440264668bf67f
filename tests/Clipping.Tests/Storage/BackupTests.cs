using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Storage.Backups;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Storage;

/// <summary>Backups into a folder, as the self-host takes them: consistent while the site writes, verified, pruned.</summary>
public sealed class BackupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_backup_taken_while_a_refresh_writes_opens_as_a_consistent_store_that_verifies()
    {
        var store = new SqliteClippingStore(Path.Combine(_folder.Path, "site", "clipping.db"));
        await ArchiveContractTests.FillAsync(store);
        var clock = new TestClock(Now);
        var folder = Path.Combine(_folder.Path, "backups");
        var backups = new DirectoryBackups(store, new BackupOptions { Directory = folder, Keep = 2 }, clock);

        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            // A refresh's writes, batch after batch, until the backups are done.
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                await store.SaveSightingsAsync("big-society", [.. Enumerable.Range(0, 50).Select(i => ClippingMergerTests.Sighting(i % 2 == 0 ? "rich" : "ann", $"https://blog.example/{batch}/{i}", Now.AddMinutes(-batch)))], CancellationToken.None);
                Interlocked.Add(ref written, 50);
            }
        });
        var records = new List<BackupRecord>();
        for (var i = 0; i < 3; i++)
        {
            while (Volatile.Read(ref written) < 100 * (i + 1)) await Task.Delay(10);
            records.Add(await backups.TakeAsync(CancellationToken.None));
            clock.Advance(TimeSpan.FromHours(1));
        }
        await stop.CancelAsync();
        await writer;

        Assert.All(records, r => Assert.True(r.Verified, r.Summary));
        var kept = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([records[1].Where, records[2].Where], kept);
        foreach (var file in kept)
        {
            // Each opens as a store by itself: its views agree with its clippings, and every reference leads somewhere.
            var snapshot = new SqliteClippingStore(file);
            await snapshot.InitializeAsync(CancellationToken.None);
            Assert.Null(await snapshot.QuickCheckAsync(CancellationToken.None));
            var check = await StoreCheck.CheckAsync(snapshot.ReadAllAsync(CancellationToken.None), CancellationToken.None);
            Assert.True(check.Sound, string.Join("; ", check.Problems));
            var clippings = check.Records["clipping"].Count;
            Assert.True(clippings >= 13 + 100, $"{clippings} clippings");
            Assert.Equal(clippings - 1, await snapshot.CountClippingsAsync("big-society", CancellationToken.None));
            var byRich = await snapshot.GetClippingsAsync("big-society", new Views.ClippingFilter.ByContributor("rich"), 1_000_000, null, CancellationToken.None);
            var all = await snapshot.GetClippingsAsync("big-society", 1_000_000, null, CancellationToken.None);
            Assert.Equal(all.Items.Where(c => c.Sources.Any(s => s.ContributorId == "rich")).Select(c => c.Key), byRich.Items.Select(c => c.Key));
        }
        Assert.Equal(records[2], await BackupLog.LastAsync(store, CancellationToken.None));
    }

    [Fact]
    public async Task A_store_on_Table_Storage_is_backed_up_as_a_verified_site_archive()
    {
        var store = TableStorage.CreateStore(TableStorage.UniquePrefix());
        await ArchiveContractTests.FillAsync(store);
        var folder = Path.Combine(_folder.Path, "backups");

        var record = await new DirectoryBackups(store, new BackupOptions { Directory = folder }, new TestClock(Now)).TakeAsync(CancellationToken.None);

        Assert.True(record.Verified, record.Summary);
        Assert.Equal(Path.Combine(folder, "clipping-20261122-120000.jsonl.gz"), record.Where);
        Assert.Equal("13 clippings, 2 contributors", record.Summary);
        var restored = new SqliteClippingStore(Path.Combine(_folder.Path, "restored.db"));
        Assert.True((await StoreTransfer.ImportAsync(record.Where, restored, null, CancellationToken.None)).Verified);
    }
}
