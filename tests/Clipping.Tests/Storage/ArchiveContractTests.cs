using System.IO.Compression;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Storage.Sqlite;
using Clipping.Tests.Clippings;
using Clipping.Tests.TestSupport;
using Clipping.Views;

namespace Clipping.Tests.Storage;

/// <summary>The site archive and store copies on SQLite.</summary>
public sealed class SqliteArchiveContractTests : ArchiveContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();

    protected override IClippingStore CreateStore(string name) => new SqliteClippingStore(Path.Combine(_folder.Path, name, "clipping.db"));

    protected override string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Verify_names_view_entries_that_list_a_clipping_that_is_not_there()
    {
        var store = (SqliteClippingStore)CreateStore("damaged");
        await FillAsync(store);
        Assert.Empty(await store.CheckViewsAsync(CancellationToken.None));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO clipping_entries (topic, entry, published, key) VALUES ('big-society', 'c:rich', 0, 'gone')";
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(["1 view entries list the clipping big-society/gone, which does not exist"], await store.CheckViewsAsync(CancellationToken.None));
    }
}

/// <summary>The same on Table Storage (Azurite), and the move between the two stores, both ways.</summary>
public sealed class TableArchiveContractTests : ArchiveContractTests, IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly string _run = TableStorage.UniquePrefix();

    protected override IClippingStore CreateStore(string name) => TableStorage.CreateStore(_run + name);

    protected override string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SQLite_to_Table_Storage_to_SQLite_keeps_every_record()
    {
        var sqlite = new SqliteClippingStore(Path.Combine(_folder.Path, "first", "clipping.db"));
        await FillAsync(sqlite);
        var tables = CreateStore("moved");
        var back = new SqliteClippingStore(Path.Combine(_folder.Path, "back", "clipping.db"));

        var there = await StoreTransfer.CopyAsync(sqlite, (IStoreContents)tables, null, CancellationToken.None);
        var home = await StoreTransfer.CopyAsync((IStoreContents)tables, back, null, CancellationToken.None);

        Assert.True(there.Verified, string.Join("; ", there.Differences));
        Assert.True(home.Verified, string.Join("; ", home.Differences));
        Assert.Equal(await StoreTransfer.TallyAsync(sqlite, false, CancellationToken.None), await StoreTransfer.TallyAsync(back, false, CancellationToken.None));
        await AssertSameViewsAsync(sqlite, tables);
    }
}

/// <summary>
/// What export, import, copy and verify promise, on each store: a round trip loses nothing and changes nothing, a
/// move interrupted and run again ends identical, and a damaged archive is refused before anything is written.
/// </summary>
public abstract class ArchiveContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store of its own for each name, empty at first.</summary>
    protected abstract IClippingStore CreateStore(string name);

    protected abstract string Folder { get; }

    private string ArchivePath(string name) => Path.Combine(Folder, name + ".jsonl.gz");

    /// <summary>A small site with one of everything an archive carries.</summary>
    internal static async Task FillAsync(IClippingStore store)
    {
        await store.InitializeAsync(CancellationToken.None);
        var (_, keys) = ContributorKeys.NewLeaveKey();
        foreach (var (id, name) in new[] { ("rich", "Rich"), ("ann", "Ann") })
        {
            await store.AddContributorAsync(new Contributor(id, name, $"https://{id}.example/", $"https://{id}.example/feed/", ContributorStatus.Approved, FeedMode.TaggedPosts, null,
                Now.AddDays(-30), new FeedState(ETag: $"\"{id}-etag\"", LastModified: "Sun, 22 Nov 2026 10:00:00 GMT", LastSuccess: Now.AddHours(-1), SeenItems: "abc:1"), keys), CancellationToken.None);
        }
        var sightings = Enumerable.Range(0, 12).Select(i => ClippingMergerTests.Sighting(i % 3 == 0 ? "ann" : "rich", $"https://blog.example/{i}", Now.AddHours(-i),
            title: $"Post {i} on volunteers", tags: ["Big Society", i % 2 == 0 ? "Localism" : "Councils"])).ToList();
        // One article clipped by both: a clipping with two credits.
        sightings.Add(ClippingMergerTests.Sighting("ann", "https://blog.example/1", Now.AddHours(-1).AddMinutes(5)));
        await store.SaveSightingsAsync("big-society", sightings, CancellationToken.None);
        await store.SaveSightingsAsync("localism", [ClippingMergerTests.Sighting("rich", "https://blog.example/local", Now.AddDays(-2)) with { Topic = "localism" }], CancellationToken.None);
        await store.SaveSubscriptionAsync(new Clipping.WebSub.HubSubscription("0123abcd", "rich", "https://hub.example/", "https://rich.example/feed/", "hub-secret",
            Clipping.WebSub.SubscriptionState.Active, Now.AddDays(-1), Now.AddDays(9)), CancellationToken.None);
        await store.SaveRunAsync(new Clipping.Refresh.RefreshRun("run-1", Now.AddHours(-1), Now.AddHours(-1).AddSeconds(3), 2, 2, 2, 0, 0, 13, 0, 1), CancellationToken.None);
        await store.SaveProtectionKeyAsync("key-1", "<key id=\"1\" />", CancellationToken.None);
        await store.TryRecordRefreshStartAsync(null, Now.AddHours(-1), CancellationToken.None);
        // A reader following Ann by email, and the key their unsubscribe links are made with.
        await ((Clipping.Email.IMailingList)store).SaveSubscriberAsync(new Clipping.Email.Subscriber(Clipping.Email.SubscriberIds.For("reader@example.org", "/contributors/ann"),
            "reader@example.org", "/contributors/ann", Clipping.Email.DigestFrequency.Weekly, Clipping.Email.SubscriberState.Confirmed, "stamp-1", Now.AddDays(-3),
            Confirmed: Now.AddDays(-3), SentThrough: Now.AddDays(-1), Period: "2026-W47"), CancellationToken.None);
        await ((IStoreContents)store).SetNoteAsync(Clipping.Email.SubscriptionTokens.KeyNote, "bWFpbC1rZXk=", CancellationToken.None);
    }

    protected static async Task AssertSameViewsAsync(IClippingStore expected, IClippingStore actual)
    {
        foreach (var filter in new ClippingFilter[] { ClippingFilter.Everything, new ClippingFilter.ByContributor("ann"), new ClippingFilter.ByTag(Clipping.Topics.TagKey.Of("Localism")) })
        {
            var want = await expected.GetClippingsAsync("big-society", filter, 50, null, CancellationToken.None);
            var got = await actual.GetClippingsAsync("big-society", filter, 50, null, CancellationToken.None);
            Assert.Equal(want.Items.Select(c => c.Key), got.Items.Select(c => c.Key));
        }
        Assert.Equal(await expected.GetSourceHashesAsync("big-society", "rich", CancellationToken.None), await actual.GetSourceHashesAsync("big-society", "rich", CancellationToken.None));
        Assert.Equal(await expected.GetLastRefreshStartAsync(CancellationToken.None), await actual.GetLastRefreshStartAsync(CancellationToken.None));
        Assert.Equal((await expected.GetContributorsAsync(CancellationToken.None)).Select(c => c with { }), await actual.GetContributorsAsync(CancellationToken.None), ContributorComparer.Instance);
    }

    [Fact]
    public async Task Export_import_export_gives_the_same_records_and_the_same_views()
    {
        var source = CreateStore("source");
        await FillAsync(source);
        var first = await ArchiveFile.WriteAsync((IStoreContents)source, ArchivePath("first"), false, null, TimeProvider.System, CancellationToken.None);

        var target = CreateStore("target");
        var import = await StoreTransfer.ImportAsync(ArchivePath("first"), (IStoreContents)target, null, CancellationToken.None);
        var second = await ArchiveFile.WriteAsync((IStoreContents)target, ArchivePath("second"), false, null, TimeProvider.System, CancellationToken.None);

        Assert.True(import.Verified, string.Join("; ", import.Differences));
        Assert.Equal(["contributor", "clipping", "source", "subscription", "run", "protectionKey", "refreshStart", "subscriber", "mailKey"], first.Records.Keys);
        Assert.Equal(2, first.Records["contributor"].Count);
        Assert.Equal(13, first.Records["clipping"].Count);
        Assert.Equal(["big-society", "localism"], first.Topics);
        Assert.Equal(first.Records, second.Records);
        await AssertSameViewsAsync(source, target);
        Assert.Equal("hub-secret", (await target.GetSubscriptionAsync("0123abcd", CancellationToken.None))!.Secret);
        Assert.Equal(["<key id=\"1\" />"], await target.GetProtectionKeysAsync(CancellationToken.None));
        // Readers keep their digests, and the unsubscribe links in mail already sent keep working.
        var reader = Assert.Single(await ((Clipping.Email.IMailingList)target).GetSubscribersAsync(null, CancellationToken.None));
        Assert.Equal(("reader@example.org", "/contributors/ann", "2026-W47", "stamp-1"), (reader.Address, reader.View, reader.Period, reader.Stamp));
        Assert.Equal("bWFpbC1rZXk=", await ((IStoreContents)target).GetNoteAsync(Clipping.Email.SubscriptionTokens.KeyNote, CancellationToken.None));
        Assert.True((await StoreCheck.CheckAsync(((IStoreContents)target).ReadAllAsync(CancellationToken.None), CancellationToken.None)).Sound);
    }

    [Fact]
    public async Task An_import_into_a_store_that_holds_another_site_is_refused_and_changes_nothing()
    {
        var source = CreateStore("source");
        await FillAsync(source);
        await ArchiveFile.WriteAsync((IStoreContents)source, ArchivePath("site"), false, null, TimeProvider.System, CancellationToken.None);
        var other = CreateStore("other");
        await other.InitializeAsync(CancellationToken.None);
        await other.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("zoe", "https://zoe.example/own", Now)], CancellationToken.None);
        var before = await StoreTransfer.TallyAsync((IStoreContents)other, false, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ArchiveException>(() => StoreTransfer.ImportAsync(ArchivePath("site"), (IStoreContents)other, null, CancellationToken.None));
        // The store it came from already holds exactly that: nothing to do, and it says so by writing nothing.
        var again = await StoreTransfer.ImportAsync(ArchivePath("site"), (IStoreContents)source, null, CancellationToken.None);

        Assert.Contains("already holds a site", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StoreTransfer.TallyAsync((IStoreContents)other, false, CancellationToken.None));
        Assert.True(again.Verified);
        Assert.Equal(0, again.Records);
    }

    [Fact]
    public async Task A_shared_archive_leaves_out_every_secret()
    {
        var source = CreateStore("source");
        await FillAsync(source);
        var header = await ArchiveFile.WriteAsync((IStoreContents)source, ArchivePath("shared"), true, null, TimeProvider.System, CancellationToken.None);

        Assert.True(header.WithoutSecrets);
        Assert.False(header.Records.ContainsKey("subscription"));
        Assert.False(header.Records.ContainsKey("protectionKey"));
        Assert.False(header.Records.ContainsKey("subscriber"));
        Assert.False(header.Records.ContainsKey("mailKey"));
        using var text = new StreamReader(new GZipStream(File.OpenRead(ArchivePath("shared")), CompressionMode.Decompress));
        var all = await text.ReadToEndAsync();
        Assert.DoesNotContain("hub-secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("LeaveKeyHash", all, StringComparison.Ordinal);
        Assert.DoesNotContain("reader@example.org", all, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\":true", all, StringComparison.Ordinal);

        var target = CreateStore("target");
        var import = await StoreTransfer.ImportAsync(ArchivePath("shared"), (IStoreContents)target, null, CancellationToken.None);
        Assert.True(import.Verified, string.Join("; ", import.Differences));
        Assert.Equal(12, await target.CountClippingsAsync("big-society", CancellationToken.None));
    }

    [Fact]
    public async Task A_copy_interrupted_and_run_again_ends_identical_to_its_source()
    {
        var source = CreateStore("source");
        await FillAsync(source);
        // More records than one batch, so the interruption falls between batches with some written.
        await source.SaveSightingsAsync("big-society", [.. Enumerable.Range(100, 300).Select(i => ClippingMergerTests.Sighting("rich", $"https://blog.example/{i}", Now.AddMinutes(-i)))], CancellationToken.None);
        var target = CreateStore("target");

        var interrupted = await Assert.ThrowsAsync<OperationCanceledException>(() => StoreTransfer.CopyAsync((IStoreContents)source, (IStoreContents)target, (written, _) =>
        {
            if (written >= 200) throw new OperationCanceledException("killed");
        }, CancellationToken.None));
        Assert.False(await ((IStoreContents)target).IsEmptyAsync(CancellationToken.None));
        var other = CreateStore("other");
        await FillAsync(other);
        var elsewhere = await Assert.ThrowsAsync<ArchiveException>(() => StoreTransfer.CopyAsync((IStoreContents)other, (IStoreContents)target, null, CancellationToken.None));
        Assert.Contains("unfinished copy from", elsewhere.Message, StringComparison.Ordinal);

        var again = await StoreTransfer.CopyAsync((IStoreContents)source, (IStoreContents)target, null, CancellationToken.None);

        Assert.True(again.Verified, string.Join("; ", again.Differences));
        Assert.Equal(312, await target.CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Null(await ((IStoreContents)target).GetNoteAsync(StoreNotes.Transfer, CancellationToken.None));
        await AssertSameViewsAsync(source, target);
    }

    [Fact]
    public async Task Merging_an_archive_into_a_live_site_dedupes_like_a_refresh_and_twice_changes_nothing()
    {
        var source = CreateStore("source");
        await FillAsync(source);
        await ArchiveFile.WriteAsync((IStoreContents)source, ArchivePath("site"), false, null, TimeProvider.System, CancellationToken.None);
        var target = CreateStore("target");
        await target.InitializeAsync(CancellationToken.None);
        // The target's own site: Ann under another name, Zoe, and Zoe's copy of an article the archive has too.
        foreach (var (id, name) in new[] { ("ann", "Ann at home"), ("zoe", "Zoe") })
        {
            await target.AddContributorAsync(new Contributor(id, name, null, $"https://{id}.example/feed/", ContributorStatus.Approved, FeedMode.TaggedPosts, null, Now, FeedState.New), CancellationToken.None);
        }
        await target.SaveSightingsAsync("big-society", [ClippingMergerTests.Sighting("zoe", "https://blog.example/1", Now.AddHours(-3)), ClippingMergerTests.Sighting("zoe", "https://zoe.example/own", Now)], CancellationToken.None);

        var first = await StoreTransfer.MergeAsync(ArchivePath("site"), target, CancellationToken.None);
        var after = await StoreTransfer.TallyAsync((IStoreContents)target, false, CancellationToken.None);
        var second = await StoreTransfer.MergeAsync(ArchivePath("site"), target, CancellationToken.None);

        Assert.Equal((1, 1), (first.ContributorsAdded, first.ContributorsKept));
        Assert.Equal(12, first.ClippingsNew);
        Assert.Equal(13, await target.CountClippingsAsync("big-society", CancellationToken.None));
        Assert.Equal(1, await target.CountClippingsAsync("localism", CancellationToken.None));
        var shared = (await target.GetClippingsAsync("big-society", new ClippingFilter.ByContributor("zoe"), 10, null, CancellationToken.None)).Items.Single(c => c.Link == "https://blog.example/1");
        Assert.Equal(["ann", "rich", "zoe"], shared.Sources.Select(s => s.ContributorId).Order());
        Assert.Equal("Ann at home", (await target.GetContributorAsync("ann", CancellationToken.None))!.Name);
        Assert.Equal(["<key id=\"1\" />"], await target.GetProtectionKeysAsync(CancellationToken.None));
        Assert.Equal(await source.GetSourceHashesAsync("big-society", "rich", CancellationToken.None), await target.GetSourceHashesAsync("big-society", "rich", CancellationToken.None));
        Assert.Equal((0, 0, 0), (second.ContributorsAdded, second.ClippingsNew, second.CreditsAdded));
        Assert.Equal(after, await StoreTransfer.TallyAsync((IStoreContents)target, false, CancellationToken.None));
        Assert.True((await StoreCheck.CheckAsync(((IStoreContents)target).ReadAllAsync(CancellationToken.None), CancellationToken.None)).Sound);
    }

    public static TheoryData<string> Damages => ["truncated", "one byte changed", "newer version", "empty", "not an archive", "a damaged line"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_archive_is_refused_before_anything_is_written(string damage)
    {
        var source = CreateStore("source");
        await FillAsync(source);
        var path = ArchivePath("damaged");
        await ArchiveFile.WriteAsync((IStoreContents)source, path, false, null, TimeProvider.System, CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(path);
        string expected;
        switch (damage)
        {
            case "truncated":
                await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 2 / 3)]);
                expected = "truncated";
                break;
            case "one byte changed":
                bytes[bytes.Length * 2 / 3] ^= 0x20;
                await File.WriteAllBytesAsync(path, bytes);
                expected = "damaged";
                break;
            case "newer version":
                await File.WriteAllBytesAsync(path, Gzip("{\"format\":\"clipping-site-archive\",\"version\":99,\"exported\":\"2030-01-01T00:00:00+00:00\",\"topics\":[],\"withoutSecrets\":false,\"records\":{}}\n"));
                expected = "newer Clipping (archive format version 99";
                break;
            case "empty":
                await File.WriteAllBytesAsync(path, []);
                expected = "is empty";
                break;
            case "not an archive":
                await File.WriteAllTextAsync(path, "<opml version=\"2.0\"></opml>");
                expected = "not gzip-compressed";
                break;
            default:
                // Valid gzip whose header is fine and whose record is not: re-compressed after the change.
                string text;
                using (var reader = new StreamReader(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))) text = await reader.ReadToEndAsync();
                await File.WriteAllBytesAsync(path, Gzip(text.Replace("\"kind\":\"clipping\",\"data\":{", "\"kind\":\"clipping\",\"data\":{\"Key\":17,", StringComparison.Ordinal)));
                expected = "damaged at line";
                break;
        }
        var target = CreateStore("target");
        await target.InitializeAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ArchiveException>(() => StoreTransfer.ImportAsync(path, (IStoreContents)target, null, CancellationToken.None));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, refused.Message, StringComparison.Ordinal);
        Assert.True(await ((IStoreContents)target).IsEmptyAsync(CancellationToken.None));
        Assert.Null(await ((IStoreContents)target).GetNoteAsync(StoreNotes.Transfer, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_names_a_seen_item_that_points_nowhere()
    {
        var store = CreateStore("source");
        await FillAsync(store);
        await ((IStoreContents)store).WriteAsync([new StoredSource("big-society", "ann", "https://ann.example/?p=9", "no-such-clipping", "h")], CancellationToken.None);

        var check = await StoreCheck.CheckAsync(((IStoreContents)store).ReadAllAsync(CancellationToken.None), CancellationToken.None);

        Assert.Equal("a seen item of ann in big-society points at the clipping no-such-clipping, which does not exist", Assert.Single(check.Problems));
    }

    private static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    /// <summary>Contributors compared by value, their lists of warnings and claims included.</summary>
    private sealed class ContributorComparer : IEqualityComparer<Contributor>
    {
        public static readonly ContributorComparer Instance = new();

        public bool Equals(Contributor? x, Contributor? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, TestJson.Default.Contributor) == System.Text.Json.JsonSerializer.Serialize(y, TestJson.Default.Contributor);

        public int GetHashCode(Contributor obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Contributor))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
