using Clipping.Storage;
using Clipping.Web;
using Clipping.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Web;

/// <summary>
/// The pipeline the Functions app hands its requests to: the same endpoints, served from a bare HttpContext as the
/// worker's ASP.NET Core integration provides one.
/// </summary>
public sealed class SitePipelineTests
{
    private static async Task<(ServiceProvider Services, TempDirectory Data)> ServicesAsync(Func<IClippingStore, IClippingStore>? wrap = null)
    {
        var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clipping:DataDirectory"] = data.Path,
            ["Clipping:Topics:0:Name"] = "Big Society",
            ["Clipping:Admin:Key"] = "k",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddClippingCore(configuration);
        services.AddClippingSitePipeline();
        if (wrap is not null)
        {
            var store = wrap(new Clipping.Storage.Sqlite.SqliteClippingStore(Path.Combine(data.Path, "clipping.db")));
            services.AddSingleton(store);
        }
        var provider = services.BuildServiceProvider();
        return (provider, data);
    }

    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> GetAsync(IServiceProvider services, string method, string path)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("clipping.example.org");
        context.Request.Path = path;
        var body = new MemoryStream();
        context.Response.Body = body;
        await services.GetRequiredService<SitePipeline>().ServeAsync(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()), context.Response.Headers);
    }

    [Fact]
    public async Task Pages_feeds_and_admin_routes_are_served_as_the_self_host_serves_them()
    {
        var (services, data) = await ServicesAsync();
        using (data)
        await using (services)
        {
            var page = await GetAsync(services, "GET", "/");
            Assert.Equal(200, page.Status);
            Assert.Contains("Nothing has been clipped here yet", page.Body);
            Assert.Contains("default-src 'none'", page.Headers.ContentSecurityPolicy.ToString());

            var rss = await GetAsync(services, "GET", "/rss.xml");
            Assert.Equal(200, rss.Status);
            Assert.Contains("<link>https://clipping.example.org/</link>", rss.Body);

            Assert.Equal(401, (await GetAsync(services, "GET", "/manage/contributors")).Status);
            Assert.Equal(404, (await GetAsync(services, "GET", "/topics/nothing")).Status);
        }
    }

    [Fact]
    public async Task Requests_wait_for_the_store_and_hear_503_with_Retry_After_while_it_cannot_be_reached()
    {
        RecordingStore recording = default!;
        var (services, data) = await ServicesAsync(inner =>
        {
            var (store, recorder) = RecordingStore.Around(inner);
            recorder.FailInitialize = true;
            recording = recorder;
            return store;
        });
        using (data)
        await using (services)
        {
            var page = await GetAsync(services, "GET", "/");
            Assert.Equal(503, page.Status);
            Assert.Equal("5", page.Headers.RetryAfter.ToString());
            Assert.Contains("try again", page.Body);
            Assert.Contains("default-src 'none'", page.Headers.ContentSecurityPolicy.ToString());
            // Liveness does not depend on the store.
            Assert.Equal(200, (await GetAsync(services, "GET", "/health")).Status);

            recording.FailInitialize = false;
            await Task.Delay(Clipping.Storage.StoreReadiness.RetryAfter);
            Assert.Equal(200, (await GetAsync(services, "GET", "/")).Status);
        }
    }
}
