using System.Collections.Concurrent;
using System.Security.Cryptography;
using Clipping.Storage;

namespace Clipping.Publishing;

/// <summary>A rendered page or feed, ready to send as it is, with the validators readers' clients send back.</summary>
public sealed record RenderedResponse(ReadOnlyMemory<byte> Body, string ContentType, string ETag, DateTimeOffset LastModified);

/// <summary>
/// Keeps every rendered page and feed until something a reader sees changes, so a request costs a dictionary lookup,
/// not a query and a render. Changes made in this process invalidate it at once; changes made elsewhere (another
/// process sharing the store) are noticed through the store's change stamp, checked at most once per interval.
/// </summary>
public sealed class RenderCache(IClippingStore store, TimeProvider time, PublishingOptions options)
{
    // Paging tokens make keys unbounded; past this many, start again rather than grow.
    private const int MaxEntries = 2000;

    private readonly ConcurrentDictionary<string, Lazy<Task<RenderedResponse>>> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _stampGate = new(1, 1);
    private const long NeverChecked = long.MinValue;
    private long _stamp = long.MinValue;
    private long _stampCheckedAt = NeverChecked;

    /// <summary>The cached response for <paramref name="key"/>, rendering it once if needed.</summary>
    public async Task<RenderedResponse> GetAsync(string key, Func<CancellationToken, Task<(byte[] Body, string ContentType)>> render, CancellationToken cancellationToken)
    {
        await CheckForChangesAsync(cancellationToken);
        if (_entries.Count > MaxEntries) _entries.Clear();
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<RenderedResponse>>(() => RenderAsync(render)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted)
        {
            // A failed render (the store was down) must not be served from the cache forever.
            _entries.TryRemove(new KeyValuePair<string, Lazy<Task<RenderedResponse>>>(key, entry));
            throw;
        }
    }

    /// <summary>Drops everything: called after this process changed what readers see.</summary>
    public void Invalidate() => _entries.Clear();

    private async Task<RenderedResponse> RenderAsync(Func<CancellationToken, Task<(byte[] Body, string ContentType)>> render)
    {
        // Rendering is shared by every waiting request, so no single request's cancellation may stop it.
        var (body, contentType) = await render(CancellationToken.None);
        var etag = "\"" + Convert.ToBase64String(SHA256.HashData(body).AsSpan(0, 12)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
        var now = time.GetUtcNow();
        var lastModified = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return new RenderedResponse(body, contentType, etag, lastModified);
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
            if (stamp != Interlocked.Exchange(ref _stamp, stamp)) _entries.Clear();
            Interlocked.Exchange(ref _stampCheckedAt, time.GetTimestamp());
        }
        finally
        {
            _stampGate.Release();
        }
    }
}
