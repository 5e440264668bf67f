using Clipping.Host;
using Clipping.Web.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// The real self-host on a loopback port with its embedded SQLite store in a scratch folder, a hand-moved clock,
/// private networks allowed (the feeds are on loopback too) and no scheduled refresh: the test decides when.
/// </summary>
public sealed class SiteUnderTest : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly TempDirectory _data;

    private SiteUnderTest(WebApplication app, TempDirectory data, TestClock clock, TestHosts hosts)
    {
        App = app;
        Hosts = hosts;
        _data = data;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address + "/") };
        Admin = new HttpClient { BaseAddress = Http.BaseAddress };
        Admin.DefaultRequestHeaders.Add(AdminEndpoints.KeyHeader, AdminKey);
    }

    public WebApplication App { get; }
    public TestClock Clock { get; }

    /// <summary>The only names the site's fetcher can look up ("localhost" and those a test adds): no test asks real DNS.</summary>
    public TestHosts Hosts { get; }
    public HttpClient Http { get; }
    public HttpClient Admin { get; }
    public IServiceProvider Services => App.Services;
    public string DataDirectory => _data.Path;

    /// <summary>Settings that put the site on Table Storage (Azurite) instead of SQLite, in tables of its own.</summary>
    public static Dictionary<string, string?> OnTableStorage() => new()
    {
        ["Clipping:Storage:ConnectionString"] = TableStorage.ConnectionString,
        ["Clipping:Storage:TablePrefix"] = TableStorage.UniquePrefix(),
    };

    /// <summary>Settings for the store named by a test's data: "sqlite" (the default) or "tables".</summary>
    public static Dictionary<string, string?> On(string store) => store switch
    {
        "sqlite" => [],
        "tables" => OnTableStorage(),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "sqlite or tables"),
    };

    public static async Task<SiteUnderTest> StartAsync(IDictionary<string, string?>? settings = null, TempDirectory? data = null, TestHosts? hosts = null)
    {
        hosts ??= new TestHosts();
        data ??= new TempDirectory();
        var clock = new TestClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Clipping:DataDirectory"] = data.Path,
            ["Clipping:Fetch:AllowPrivateNetworks"] = "true",
            ["Clipping:Fetch:AllowAnyPort"] = "true",
            ["Clipping:Refresh:Enabled"] = "false",
            ["Clipping:Admin:Key"] = AdminKey,
            // Tests register many blogs from one address; the limit has tests of its own.
            ["Clipping:Registration:MaxPerClient"] = "1000",
            ["Clipping:Topics:0:Name"] = "Big Society",
            ["Clipping:Topics:0:Slug"] = "big-society",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var app = SiteHost.Build([], configuration => configuration.AddInMemoryCollection(all), services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<Clipping.Feeds.Fetching.IHostResolver>(hosts);
        });
        await app.InitializeAsync(CancellationToken.None);
        await app.StartAsync();
        return new SiteUnderTest(app, data, clock, hosts);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Dispose();
    }
}
