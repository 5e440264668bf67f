using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using Clipping.Storage;

namespace Clipping.Publishing;

/// <summary>What a render produces: a body, its type, and its status (a page that is not there is cached too).</summary>
public sealed record Rendering(byte[] Body, string ContentType, int Status = 200)
{
    /// <summary>What the body is a version of, when its address names versions (a face's <c>?v=</c>).</summary>
    public string? Version { get; init; }
}

/// <summary>
/// A rendered page or feed, ready to send as it is, with the validators readers' clients send back, and the same
/// bytes compressed once with gzip and Brotli, so no request compresses anything.
/// </summary>
public sealed record RenderedResponse(ReadOnlyMemory<byte> Body, string ContentType, string ETag, DateTimeOffset LastModified, int Status = 200)
{
    public string? Version { get; init; }

    public ReadOnlyMemory<byte>? Gzip { get; init; }
    public ReadOnlyMemory<byte>? Brotli { get; init; }
}

/// <summary>
/// Keeps every rendered page and feed until something a reader sees changes, so a request costs a dictionary lookup,
/// not a query and a render. Changes made in this process invalidate it at once; changes made elsewhere (another
/// process sharing the store) are noticed through the store's change stamp, checked at most once per interval.
/// </summary>
public sealed class RenderCache(IClippingStore store, TimeProvider time, PublishingOptions options)
{
    // Addresses a client chooses (paging tokens, searches, tags, contributors' ids) make keys unbounded: those are kept
    // apart, and past this many they start again, so a client cycling through made-up addresses never flushes the
    // pages everyone reads (each topic's page and feeds, the assets), which stay until something changes.
    private const int MaxChosenEntries = 2000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _chosen = new(StringComparer.Ordinal);
    // Pages rendered on a clock (freshFor), which show feed health as well as clippings.
    private readonly ConcurrentDictionary<string, Entry> _clocked = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stampGate = new(1, 1);
    private const long NeverChecked = long.MinValue;
    private long _stamp = long.MinValue;
    private long _stampCheckedAt = NeverChecked;

    /// <summary>The cached response for <paramref name="key"/>, rendering it once if needed.</summary>
    public Task<RenderedResponse> GetAsync(string key, Func<CancellationToken, Task<(byte[] Body, string ContentType)>> render, CancellationToken cancellationToken) =>
        GetAsync(key, async c =>
        {
            var (body, contentType) = await render(c);
            return new Rendering(body, contentType);
        }, cancellationToken);

    /// <summary>The cached response for <paramref name="key"/>, rendering it once if needed.</summary>
    /// <param name="chosenByClient">The key holds something a client chose freely (a search, a paging token).</param>
    /// <param name="freshFor">
    /// For a page that also shows what changes without the store's change stamp moving (feed health, times relative to
    /// now): rendered again when older than this, at most once per period however many ask. Until the new rendering is
    /// ready, readers get the previous one rather than wait.
    /// </param>
    public async Task<RenderedResponse> GetAsync(string key, Func<CancellationToken, Task<Rendering>> render, CancellationToken cancellationToken,
        bool chosenByClient = false, TimeSpan? freshFor = null)
    {
        await CheckForChangesAsync(cancellationToken);
        var entries = freshFor is not null ? _clocked : chosenByClient ? _chosen : _entries;
        if (entries.Count > MaxChosenEntries && entries != _entries) entries.Clear();
        var entry = entries.GetOrAdd(key, _ => new Entry(() => RenderAsync(render), time.GetTimestamp()));
        if (freshFor is { } period && time.GetElapsedTime(entry.RenderedAt) > period)
        {
            var renewed = new Entry(() => RenderAsync(render), time.GetTimestamp());
            if (entries.TryUpdate(key, renewed, entry))
            {
                // This request started the new rendering; it, like the others, answers from the previous one if that
                // rendered successfully, and the new one takes over when done.
                _ = renewed.Response.Value.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
            if (!entry.Response.IsValueCreated || !entry.Response.Value.IsCompletedSuccessfully)
            {
                entry = entries.TryGetValue(key, out var current) ? current : entries.GetOrAdd(key, renewed);
            }
        }
        try
        {
            return await entry.Response.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Response.Value.IsFaulted)
        {
            // A failed render (the store was down) must not be served from the cache forever.
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>A rendering shared by every request for its key, started by the first.</summary>
    private sealed class Entry(Func<Task<RenderedResponse>> render, long renderedAt)
    {
        public Lazy<Task<RenderedResponse>> Response { get; } = new(render);
        public long RenderedAt { get; } = renderedAt;
    }

    /// <summary>Drops everything: called after this process changed what readers see.</summary>
    public void Invalidate()
    {
        _entries.Clear();
        _chosen.Clear();
        _clocked.Clear();
    }

    /// <summary>
    /// Drops the pages that show feed health (<c>/status</c>): called when this process recorded a fetch, a run or a
    /// subscription that changed nothing else a reader sees, so its own readers see it at once rather than on the clock.
    /// </summary>
    public void InvalidateFeedHealth() => _clocked.Clear();

    private async Task<RenderedResponse> RenderAsync(Func<CancellationToken, Task<Rendering>> render)
    {
        // Rendering is shared by every waiting request, so no single request's cancellation may stop it.
        var rendering = await render(CancellationToken.None);
        var (body, contentType, status) = rendering;
        var etag = "\"" + Convert.ToBase64String(SHA256.HashData(body).AsSpan(0, 12)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
        var now = time.GetUtcNow();
        var lastModified = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        // Images are compressed already.
        var compress = body.Length >= MinCompressedLength && !contentType.StartsWith("image/", StringComparison.Ordinal);
        return new RenderedResponse(body, contentType, etag, lastModified, status)
        {
            Version = rendering.Version,
            Gzip = compress ? Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)) : null,
            Brotli = compress ? Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal)) : null,
        };
    }

    // Below this a compressed body saves less than its headers cost.
    private const int MinCompressedLength = 512;

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(body.Length / 3);
        using (var stream = compressor(output)) stream.Write(body);
        return output.ToArray();
    }

    private async Task CheckForChangesAsync(CancellationToken cancellationToken)
    {
        var checkedAt = Interlocked.Read(ref _stampCheckedAt);
        if (checkedAt != NeverChecked && time.GetElapsedTime(checkedAt) < options.ChangeCheckInterval) return;
        // One request checks; the others serve what is cached meanwhile rather than queue behind it.
        if (!await _stampGate.WaitAsync(0, cancellationToken)) return;
        try
        {
            var stamp = await store.GetChangeStampAsync(cancellationToken);
            if (stamp != Interlocked.Exchange(ref _stamp, stamp)) Invalidate();
            Interlocked.Exchange(ref _stampCheckedAt, time.GetTimestamp());
        }
        finally
        {
            _stampGate.Release();
        }
    }
}
