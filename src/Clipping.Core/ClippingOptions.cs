using Clipping.Feeds.Fetching;
using Clipping.Refresh;
using Clipping.Topics;

namespace Clipping;

/// <summary>Every setting, bound from the <c>Clipping</c> configuration section (env: <c>Clipping__...</c>). See docs/configuration.md.</summary>
public sealed class ClippingOptions
{
    public const string Section = "Clipping";

    /// <summary>Where the embedded SQLite store keeps its file (<c>clipping.db</c>); null: see <see cref="Storage.Sqlite.DataDirectory"/>.</summary>
    public string? DataDirectory { get; set; }

    public List<TopicOptions> Topics { get; set; } = [];
    public SiteOptions Site { get; set; } = new();
    public RefreshOptions Refresh { get; set; } = new();
    public FetchOptions Fetch { get; set; } = new();
    public ParsingOptions Parsing { get; set; } = new();
    public PublishingOptions Publishing { get; set; } = new();
    public AdminOptions Admin { get; set; } = new();
    public RegistrationOptions Registration { get; set; } = new();
    public Storage.Tables.StorageOptions Storage { get; set; } = new();
    public WebSubOptions WebSub { get; set; } = new();
    public Storage.Backups.BackupOptions Backup { get; set; } = new();
    public Email.EmailOptions Email { get; set; } = new();
}

public sealed class SiteOptions
{
    public string Title { get; set; } = "Clipping";
    public string Description { get; set; } = "Posts from several blogs on one topic, gathered in one place.";

    /// <summary>The zone the page's dates and the archive's months are in: an IANA name such as "Europe/London".</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The public address of the site, used for absolute links in feeds; when empty, the request's own address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// How many proxies stand in front of the site, each adding the address it was reached from to X-Forwarded-For:
    /// the client is the entry that many places from the right, and anything a client wrote further left is ignored.
    /// 0 (the default) ignores the header, since a client can send it itself; behind one reverse proxy, 1. Leave it at 0
    /// in the Functions app: the Functions host replaces the header with the address it was reached from, and the
    /// worker's own pipeline has already made that the request's client address.
    /// </summary>
    public int ForwardedHops { get; set; }
}

public sealed class RefreshOptions
{
    /// <summary>Six-field NCRONTAB (second minute hour day month weekday).</summary>
    public string Schedule { get; set; } = RefreshSchedule.Default;

    /// <summary>Whether the self-host refreshes once as soon as it starts.</summary>
    public bool RunOnStartup { get; set; } = true;

    /// <summary>Whether the self-host refreshes on the schedule at all (off for a read-only replica).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// After this long a run starts no more feeds (those left wait for the next run) and finishes the ones in flight,
    /// so a run ends well inside the Functions plan's time limit however slow the feeds are.
    /// </summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(8);

    /// <summary>
    /// How many new or changed posts a run gathers, across feeds, before writing them to the store in one go: larger
    /// batches share the cost of a transaction, smaller ones hold less in memory.
    /// </summary>
    public int WriteBatchSize { get; set; } = SightingWriter.DefaultBatchSize;

    /// <summary>
    /// Feeds per batch when a run is split up (on the Functions host, one queue message each). Hosts are never split,
    /// so a host with more feeds gets a batch of its own; smaller batches spread a run over more instances sooner.
    /// </summary>
    public int FeedsPerBatch { get; set; } = 50;

    /// <summary>
    /// After this long a queued batch starts no more feeds (those left wait for the next run) and finishes the ones in
    /// flight: with each feed's own limit (<c>Clipping:Fetch:Timeout</c>) that ends a batch well inside the function
    /// timeout (10 minutes in host.json) whatever its feeds do.
    /// </summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The Azure Storage queue the Functions app fans a run's batches out over (its queue trigger reads the same
    /// setting, so the host needs it). The self-host runs batches in-process and does not read it.
    /// </summary>
    public string? Queue { get; set; }
}

public sealed class PublishingOptions
{
    /// <summary>Clippings per page of the HTML page.</summary>
    public int PageSize { get; set; } = 30;

    /// <summary>Newest clippings in each combined feed.</summary>
    public int FeedSize { get; set; } = 50;

    /// <summary>How often a cached page checks the store for changes made by another process (the Functions timer, a CLI run).</summary>
    public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>WebSub (W3C Recommendation) for the combined feeds (<c>Clipping:WebSub:*</c>).</summary>
public sealed class WebSubOptions
{
    /// <summary>
    /// The hub the combined feeds name (<c>rel="hub"</c>) and tell of changes after a refresh, so subscribers' readers
    /// update at once; empty: no hub. Needs <c>Clipping:Site:BaseUrl</c>, since the hub knows feeds by their address.
    /// </summary>
    public string? Hub { get; set; }

    /// <summary>
    /// Whether Clipping subscribes to contributors' feeds at the hubs they name, so their posts arrive in seconds. Needs
    /// <c>Clipping:Site:BaseUrl</c> too: the hub calls back at the site's public address.
    /// </summary>
    public bool Subscribe { get; set; } = true;

    /// <summary>The lease asked of hubs; a subscription is renewed when less than a quarter of its lease is left.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromDays(10);

    /// <summary>
    /// How often a feed whose hub is pushing is polled all the same, as a safety net for pushes that never come. Other
    /// feeds are polled on every run.
    /// </summary>
    public TimeSpan PushedPollInterval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Limits on registration (<c>Clipping:Registration:*</c>): each one makes the server fetch an address a stranger chose.</summary>
public sealed class RegistrationOptions
{
    /// <summary>Registrations one client address may make per <see cref="Window"/>.</summary>
    public int MaxPerClient { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Registrations that may wait for a moderator at once; past this, new ones are turned away until some are decided.</summary>
    public int MaxPending { get; set; } = 100;
}

public sealed class AdminOptions
{
    /// <summary>The key the admin endpoints require (header <c>X-Admin-Key</c>); empty turns them off.</summary>
    public string? Key { get; set; }
}
