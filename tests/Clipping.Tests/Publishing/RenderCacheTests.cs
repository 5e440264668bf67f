using Clipping.Publishing;
using Clipping.Storage.Sqlite;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Publishing;

public sealed class RenderCacheTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Addresses_a_client_makes_up_never_flush_the_pages_everyone_reads()
    {
        var store = new SqliteClippingStore(Path.Combine(_folder.Path, "clipping.db"));
        await store.InitializeAsync(CancellationToken.None);
        var cache = new RenderCache(store, TimeProvider.System, new PublishingOptions());
        var renders = 0;
        Task<Rendering> Render(CancellationToken _)
        {
            Interlocked.Increment(ref renders);
            return Task.FromResult(new Rendering("<p>page</p>"u8.ToArray(), "text/html"));
        }

        await cache.GetAsync("page|front", Render, CancellationToken.None);
        for (var i = 0; i < 5000; i++) await cache.GetAsync($"page|search|{i}", Render, CancellationToken.None, chosenByClient: true);
        var before = renders;
        await cache.GetAsync("page|front", Render, CancellationToken.None);
        Assert.Equal(before, renders);
        Assert.Equal(5001, renders);
    }
}
