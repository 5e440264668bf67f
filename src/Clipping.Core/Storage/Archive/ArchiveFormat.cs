using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clipping.Contributors;

namespace Clipping.Storage.Archive;

/// <summary>
/// The site archive, written down in docs/archive.md: gzip'd JSON Lines, a header line, then one line per record:
/// <c>{"kind":"clipping","data":{...}}</c>, with <c>"secret":true</c> on a line that holds a secret. <c>data</c> is the
/// record in the stores' own JSON shape.
/// </summary>
public static class ArchiveFormat
{
    public const string Name = "clipping-site-archive";

    /// <summary>The format this Clipping writes, and the newest it reads. Raised when a record's meaning changes.</summary>
    public const int Version = 1;

    /// <summary>One record as its archive line (UTF-8, no newline), or null for a secret left out of a shared archive.</summary>
    public static byte[]? Encode(StoredRecord record, bool withoutSecrets)
    {
        if (withoutSecrets)
        {
            switch (record)
            {
                // A subscription without its secret cannot check a delivery, and a key ring is nothing but secrets.
                case StoredSubscription or StoredProtectionKey: return null;
                // Readers' addresses are theirs, not the site's to share; the mail key only serves them.
                case StoredSubscriber or StoredMailKey: return null;
                case StoredContributor { Contributor.Keys: not null } c: record = new StoredContributor(c.Contributor with { Keys = null }); break;
            }
        }
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ArchiveJson.Stored.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", record.Kind);
            if (IsSecret(record)) writer.WriteBoolean("secret", true);
            writer.WritePropertyName("data");
            switch (record)
            {
                case StoredContributor c: JsonSerializer.Serialize(writer, c.Contributor, ArchiveJson.Stored.Contributor); break;
                case StoredClipping c: JsonSerializer.Serialize(writer, c.Clipping, ArchiveJson.Stored.Clipping); break;
                case StoredSource s: JsonSerializer.Serialize(writer, new SourceData(s.Topic, s.ContributorId, s.ItemKey, s.ClippingKey, s.SourceHash), ArchiveJson.Stored.SourceData); break;
                case StoredSubscription s: JsonSerializer.Serialize(writer, s.Subscription, ArchiveJson.Stored.HubSubscription); break;
                case StoredRun r: JsonSerializer.Serialize(writer, r.Run, ArchiveJson.Stored.RefreshRun); break;
                case StoredProtectionKey k: JsonSerializer.Serialize(writer, new ProtectionKeyData(k.Name, k.Xml), ArchiveJson.Stored.ProtectionKeyData); break;
                case StoredRefreshStart r: JsonSerializer.Serialize(writer, new RefreshStartData(r.Started), ArchiveJson.Stored.RefreshStartData); break;
                case StoredSubscriber s: JsonSerializer.Serialize(writer, s.Subscriber, ArchiveJson.Stored.Subscriber); break;
                case StoredMailKey k: JsonSerializer.Serialize(writer, new MailKeyData(k.Key), ArchiveJson.Stored.MailKeyData); break;
                default: throw new ArgumentException($"No archive line for {record.GetType().Name}.", nameof(record));
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static bool IsSecret(StoredRecord record) =>
        record is StoredSubscription or StoredProtectionKey or StoredSubscriber or StoredMailKey or StoredContributor { Contributor.Keys: not null };

    /// <summary>A record from its archive line; <see cref="FormatException"/> saying what is wrong with it otherwise.</summary>
    public static StoredRecord Decode(ReadOnlySpan<byte> line)
    {
        string? kind = null;
        JsonElement data = default;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("a line is not a JSON object");
            if (root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String) kind = k.GetString();
            if (!root.TryGetProperty("data", out var d) || d.ValueKind != JsonValueKind.Object) throw new FormatException($"a {kind ?? "record"} line has no data");
            data = d.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"a line is not valid JSON ({e.Message})", e);
        }
        try
        {
            StoredRecord? record = kind switch
            {
                ArchiveKinds.Contributor => data.Deserialize(ArchiveJson.Stored.Contributor) is { } c ? new StoredContributor(c) : null,
                ArchiveKinds.Clipping => data.Deserialize(ArchiveJson.Stored.Clipping) is { } c ? new StoredClipping(c) : null,
                ArchiveKinds.Source => data.Deserialize(ArchiveJson.Stored.SourceData) is { } s ? new StoredSource(s.Topic, s.ContributorId, s.ItemKey, s.ClippingKey, s.SourceHash) : null,
                ArchiveKinds.Subscription => data.Deserialize(ArchiveJson.Stored.HubSubscription) is { } s ? new StoredSubscription(s) : null,
                ArchiveKinds.Run => data.Deserialize(ArchiveJson.Stored.RefreshRun) is { } r ? new StoredRun(r) : null,
                ArchiveKinds.ProtectionKey => data.Deserialize(ArchiveJson.Stored.ProtectionKeyData) is { } k ? new StoredProtectionKey(k.Name, k.Xml) : null,
                ArchiveKinds.RefreshStart => data.Deserialize(ArchiveJson.Stored.RefreshStartData) is { } r ? new StoredRefreshStart(r.Started) : null,
                ArchiveKinds.Subscriber => data.Deserialize(ArchiveJson.Stored.Subscriber) is { } s && Email.SubscriberIds.IsWellFormed(s.Id) ? new StoredSubscriber(s) : null,
                ArchiveKinds.MailKey => data.Deserialize(ArchiveJson.Stored.MailKeyData) is { Key.Length: > 0 } k ? new StoredMailKey(k.Key) : null,
                null => throw new FormatException("a line names no kind"),
                _ => throw new FormatException($"a line is of a kind this Clipping does not know ('{kind}')"),
            };
            return record ?? throw new FormatException($"a {kind} line has no data");
        }
        catch (JsonException e)
        {
            throw new FormatException($"a {kind} line does not hold a {kind} ({e.Message})", e);
        }
    }

    internal sealed record SourceData(string Topic, string ContributorId, string ItemKey, string ClippingKey, string SourceHash);

    internal sealed record ProtectionKeyData(string Name, string Xml);

    internal sealed record RefreshStartData(DateTimeOffset Started);

    internal sealed record MailKeyData(string Key);
}

/// <summary>The first line of an archive: what it is, and what a reader should find after it.</summary>
/// <param name="Records">For each kind present: how many lines, and their <see cref="RecordDigest"/>.</param>
public sealed record ArchiveHeader(
    string Format,
    int Version,
    DateTimeOffset Exported,
    IReadOnlyList<string> Topics,
    bool WithoutSecrets,
    IReadOnlyDictionary<string, KindSummary> Records);

public sealed record KindSummary(long Count, string Hash);

/// <summary>
/// The count and content hash of a set of records: the SHA-256 of each record's line, added up modulo 2^256. A sum
/// does not depend on the order the lines come in, so two stores that list the same records in different orders agree,
/// while a line changed, missing or repeated changes it.
/// </summary>
public sealed class RecordDigest
{
    private readonly ulong[] _sum = new ulong[4];

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> line)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(line, hash);
        ulong carry = 0;
        for (var i = 3; i >= 0; i--)
        {
            var part = BinaryPrimitives.ReadUInt64BigEndian(hash[(i * 8)..]);
            var sum = _sum[i] + part;
            var carried = sum + carry;
            carry = (sum < part ? 1UL : 0UL) + (carried < sum ? 1UL : 0UL);
            _sum[i] = carried;
        }
        Count++;
    }

    public string Hash => string.Concat(_sum.Select(part => part.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));

    public KindSummary Summary => new(Count, Hash);
}

/// <summary>Digests kind by kind, as a header lists them.</summary>
public sealed class ArchiveTally
{
    private readonly Dictionary<string, RecordDigest> _kinds = new(StringComparer.Ordinal);

    public void Add(string kind, ReadOnlySpan<byte> line)
    {
        if (!_kinds.TryGetValue(kind, out var digest)) _kinds[kind] = digest = new RecordDigest();
        digest.Add(line);
    }

    public long Total => _kinds.Values.Sum(d => d.Count);

    public IReadOnlyDictionary<string, KindSummary> Summaries =>
        ArchiveKinds.All.Concat(_kinds.Keys.Except(ArchiveKinds.All)).Where(_kinds.ContainsKey).ToDictionary(k => k, k => _kinds[k].Summary, StringComparer.Ordinal);

    /// <summary>Where these tallies and the expected ones differ, in plain words; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, KindSummary> expected, IReadOnlyDictionary<string, KindSummary> found)
    {
        var differences = new List<string>();
        foreach (var kind in expected.Keys.Union(found.Keys))
        {
            var want = expected.GetValueOrDefault(kind) ?? new KindSummary(0, "");
            var got = found.GetValueOrDefault(kind) ?? new KindSummary(0, "");
            if (want.Count != got.Count) differences.Add($"{want.Count} {ArchiveKinds.Plural(kind)} expected, {got.Count} found");
            else if (want.Count > 0 && want.Hash != got.Hash) differences.Add($"the {ArchiveKinds.Plural(kind)} differ in content (their hash does not match)");
        }
        return differences;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Contributor))]
[JsonSerializable(typeof(Clippings.Clipping))]
[JsonSerializable(typeof(WebSub.HubSubscription))]
[JsonSerializable(typeof(Refresh.RefreshRun))]
[JsonSerializable(typeof(ArchiveFormat.SourceData))]
[JsonSerializable(typeof(ArchiveFormat.ProtectionKeyData))]
[JsonSerializable(typeof(ArchiveFormat.RefreshStartData))]
[JsonSerializable(typeof(Email.Subscriber))]
[JsonSerializable(typeof(ArchiveFormat.MailKeyData))]
internal sealed partial class ArchiveJson : JsonSerializerContext
{
    /// <summary>The stores' JSON conventions (see <see cref="StoreJson.Stored"/>), so a record reads the same in both.</summary>
    public static ArchiveJson Stored { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>The header's own JSON: camelCase, like the lines' envelope, and indented nowhere (it is one line).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ArchiveHeader))]
internal sealed partial class ArchiveHeaderJson : JsonSerializerContext;
