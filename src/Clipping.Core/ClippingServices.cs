using Clipping.Clippings;
using Clipping.Content;
using Clipping.Contributors;
using Clipping.Feeds.Fetching;
using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Azure.Data.Tables;
using Azure.Identity;
using Clipping.Storage.Sqlite;
using Clipping.Storage.Tables;
using Clipping.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Clipping;

/// <summary>Wires the core for either host from configuration.</summary>
public static class ClippingServices
{
    public static IServiceCollection AddClippingCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClippingOptions>().Bind(configuration.GetSection(ClippingOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClippingOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Fetch);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Parsing);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Refresh);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Publishing);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Registration);
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().WebSub);
        services.AddSingleton(sp => SiteTopics.From(sp.GetRequiredService<ClippingOptions>().Topics));
        services.AddSingleton(sp => SiteTime.From(sp.GetRequiredService<ClippingOptions>().Site.TimeZone));
        services.AddSingleton(sp => new RefreshSchedule(sp.GetRequiredService<ClippingOptions>().Refresh.Schedule));
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Backup);
        services.AddSingleton(sp => new Storage.Backups.BackupSchedule(sp.GetRequiredService<ClippingOptions>().Backup.Schedule));
        services.AddSingleton<Storage.Backups.DirectoryBackups>();
        services.AddSingleton(TimeProvider.System);

        services.TryAddSingleton<IHostResolver>(DnsHostResolver.Instance);
        services.AddSingleton<IClippingStore>(sp => CreateStore(sp.GetRequiredService<ClippingOptions>(), configuration));
        services.AddSingleton<StoreReadiness>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ClippingOptions>();
            var fetch = options.Fetch;
            // The site's own address in the User-Agent lets a blog's owner see who polls them and find us.
            if (!string.IsNullOrWhiteSpace(options.Site.BaseUrl) && !fetch.UserAgent.Contains(options.Site.BaseUrl, StringComparison.Ordinal))
            {
                fetch.UserAgent = $"Clipping/1.0 (+{options.Site.BaseUrl.TrimEnd('/')}/; {options.Site.Title})";
            }
            // A header is printable ASCII: anything else (an accented site title, a stray newline) becomes '?' here
            // rather than failing every request.
            fetch.UserAgent = new string(fetch.UserAgent.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
            return new FeedFetcher(FeedHttpClient.Create(fetch, sp.GetRequiredService<IHostResolver>()), fetch);
        });
        services.AddSingleton<HtmlCleaner>();
        services.AddSingleton<SightingBuilder>();
        services.AddSingleton<FeedRefresher>();
        services.AddSingleton<RefreshPlanner>();
        services.AddSingleton<RefreshLedger>();
        services.AddSingleton<BatchRefresher>();
        services.AddSingleton<Faces.FaceFinder>();
        // The self-host and the CLI run batches here; the Functions app replaces this with its queue.
        services.TryAddSingleton<IRefreshTransport, InProcessRefresh>();
        services.AddSingleton<RefreshRunner>();
        services.AddSingleton<RefreshCoordinator>();
        services.AddSingleton<OverdueRefresh>();
        services.AddSingleton<Registration>();
        services.AddSingleton<Moderation>();
        services.AddSingleton<Leaving>();
        services.AddSingleton<Feeds.FeedCheck>();
        services.AddSingleton<RenderCache>();
        services.AddSingleton<HubNotifier>();
        services.AddSingleton<WebSub.HubSubscriber>();
        services.AddSingleton<WebSub.PushCallback>();
        services.AddSingleton(sp => sp.GetRequiredService<ClippingOptions>().Email);
        services.AddSingleton(sp => (Email.IMailingList)sp.GetRequiredService<IClippingStore>());
        services.AddSingleton(sp => new Email.DigestSchedule(sp.GetRequiredService<ClippingOptions>().Email.Schedule, sp.GetRequiredService<SiteTime>()));
        services.AddSingleton<Email.EmailAddresses>();
        services.AddSingleton<Email.SubscriptionTokens>();
        services.TryAddSingleton<Email.IMailTransport, Email.SmtpTransport>();
        services.AddSingleton<Email.Subscriptions>();
        // The renderer (IDigestRenderer) comes from the Web project, which draws digests with the page's components.
        services.AddSingleton<Email.Digests>();
        return services;
    }

    /// <summary>
    /// Reads now the settings that are otherwise read when first needed (topics, the time zone, the schedule), so a
    /// mistake in one stops start-up with its message rather than failing the first request.
    /// </summary>
    public static void CheckSettings(IServiceProvider services)
    {
        _ = services.GetRequiredService<SiteTopics>();
        _ = services.GetRequiredService<SiteTime>();
        _ = services.GetRequiredService<RefreshSchedule>();
        _ = services.GetRequiredService<Storage.Backups.BackupSchedule>();
        _ = HubNotifier.Configured(services.GetRequiredService<ClippingOptions>());
        _ = services.GetRequiredService<Email.DigestSchedule>();
        if (Email.EmailAddresses.Problem(services.GetRequiredService<ClippingOptions>()) is { } emailProblem) throw new ArgumentException(emailProblem);
    }

    /// <summary>
    /// The store configuration selects: Table Storage when a connection string (<c>Clipping:Storage:ConnectionString</c>,
    /// else <c>AzureWebJobsStorage</c>) or a table endpoint for a managed identity is configured; otherwise the
    /// embedded SQLite file under the data directory.
    /// </summary>
    public static IClippingStore CreateStore(ClippingOptions options, IConfiguration configuration)
    {
        var clientOptions = TableOptions();
        if (StorageConnectionString(options, configuration) is { } connectionString)
        {
            return new TableClippingStore(new TableServiceClient(connectionString, clientOptions), options.Storage.TablePrefix);
        }
        if (TableEndpoint(options, configuration) is { } endpoint)
        {
            // Production needs no keys: the app's managed identity holds the Table Data Contributor role.
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"] });
            return new TableClippingStore(new TableServiceClient(endpoint, credential, clientOptions), options.Storage.TablePrefix);
        }
        return new SqliteClippingStore(Path.Combine(DataDirectory.Resolve(options.DataDirectory), DataDirectory.FileName));
    }

    /// <summary>
    /// A store named on a command line (<c>store copy --from/--to</c>, <c>store verify</c>): a Table Storage connection
    /// string (it has '=' in it: <c>UseDevelopmentStorage=true</c>, <c>DefaultEndpointsProtocol=...</c>), with the
    /// configured table prefix; anything else is the path of a SQLite file.
    /// </summary>
    public static IClippingStore CreateStore(string location, ClippingOptions options) =>
        location.Contains('=', StringComparison.Ordinal)
            ? new TableClippingStore(new TableServiceClient(location, TableOptions()), options.Storage.TablePrefix)
            : new SqliteClippingStore(location);

    private static TableClientOptions TableOptions()
    {
        var clientOptions = new TableClientOptions();
        // A few quick retries ride out a blip; a service that stays down fails the refresh in seconds, not minutes.
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return clientOptions;
    }

    /// <summary>The Table Storage connection string in force, or null.</summary>
    public static string? StorageConnectionString(ClippingOptions options, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(options.Storage.ConnectionString) ? options.Storage.ConnectionString
        : configuration["AzureWebJobsStorage"] is { Length: > 0 } webJobs ? webJobs
        : null;

    /// <summary>The Table service endpoint to reach with a managed identity, or null.</summary>
    public static Uri? TableEndpoint(ClippingOptions options, IConfiguration configuration)
    {
        var endpoint = !string.IsNullOrWhiteSpace(options.Storage.TableEndpoint) ? options.Storage.TableEndpoint
            : configuration["AzureWebJobsStorage:tableServiceUri"] is { Length: > 0 } uri ? uri
            : configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account ? $"https://{account}.table.core.windows.net"
            : null;
        if (endpoint is null) return null;
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps
            ? parsed
            : throw new ArgumentException($"The table endpoint '{endpoint}' must be an https:// address, like https://ACCOUNT.table.core.windows.net.");
    }
}
