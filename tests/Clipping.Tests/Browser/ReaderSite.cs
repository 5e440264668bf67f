using System.Net;
using Clipping.Tests.EndToEnd;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Browser;

/// <summary>
/// The fixture blogs after two refreshes (10 clippings) on a self-host showing four to a page in London time: what a
/// reader meets in the browser tests.
/// </summary>
public sealed class ReaderSite : IAsyncDisposable
{
    private ReaderSite(FeedServer server, SiteUnderTest site)
    {
        Server = server;
        Site = site;
    }

    public FeedServer Server { get; }
    public SiteUnderTest Site { get; }
    public Uri BaseUrl => Site.Http.BaseAddress!;

    public static async Task<ReaderSite> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = await FeedServer.StartAsync();
        var blogs = new FixtureBlogs(server);
        var all = new Dictionary<string, string?>
        {
            ["Clipping:Publishing:PageSize"] = "4",
            ["Clipping:Site:TimeZone"] = "Europe/London",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var site = await SiteUnderTest.StartAsync(all);
        await blogs.RegisterAllAsync(site);
        await RefreshAsync(site);
        blogs.UseVolOrg(2);
        site.Clock.Advance(TimeSpan.FromMinutes(16));
        await RefreshAsync(site);
        return new ReaderSite(server, site);
    }

    /// <summary>Registers and approves one more blog, served by <see cref="Server"/> at <paramref name="path"/>, and refreshes.</summary>
    public async Task AddContributorAsync(string name, string path, string siteUrl)
    {
        var url = Server.UrlOf(path).AbsoluteUri;
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Clipping.Storage.IClippingStore>(Site.Services).AddContributorAsync(
            new Clipping.Contributors.Contributor(Clipping.Contributors.ContributorIds.ForFeed(url), name, siteUrl, url, Clipping.Contributors.ContributorStatus.Approved,
                Clipping.Contributors.FeedMode.TaggedPosts, null, Site.Clock.GetUtcNow(), Clipping.Contributors.FeedState.New), CancellationToken.None);
        await RefreshAsync(Site);
    }

    private static async Task RefreshAsync(SiteUnderTest site)
    {
        using var response = await site.Admin.PostAsync("manage/refresh", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await Server.DisposeAsync();
    }
}
