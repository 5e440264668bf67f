using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Views;

namespace Clipping.Storage;

/// <summary>
/// Everything the core keeps. Two implementations (SQLite, the embedded default; Azure Table Storage, production)
/// pass one contract test suite.
/// </summary>
public interface IClippingStore
{
    /// <summary>Where the store is, for people: "the SQLite file /home/x/.local/share/clipping/clipping.db".</summary>
    string Location { get; }

    /// <summary>Creates tables on first use. Safe to call more than once and from several processes.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves a batch of sightings for one topic. For each, the store finds the clipping it belongs to (by key, else by the
    /// contributor's item key), applies <see cref="ClippingMerger.Merge"/> and writes the result atomically: two writers
    /// saving the same URL at once end with one clipping crediting both, never two. Returns one outcome per sighting, in order.
    /// </summary>
    Task<IReadOnlyList<MergeOutcome>> SaveSightingsAsync(string topic, IReadOnlyList<Sighting> sightings, CancellationToken cancellationToken);

    /// <summary>
    /// The <see cref="Sighting.SourceHash"/> last saved for each of a contributor's items in a topic, by item key: one read
    /// per feed lets a refresh skip every post that has not changed since.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetSourceHashesAsync(string topic, string contributorId, CancellationToken cancellationToken);

    /// <summary>One page of those of a topic's clippings the filter lets through, newest published first.</summary>
    /// <param name="continuation">Null for the first page; else the token a previous page returned.</param>
    Task<ClippingPage> GetClippingsAsync(string topic, ClippingFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken);

    /// <summary>The clippings of a topic with these keys, by key; keys with no clipping are left out.</summary>
    Task<IReadOnlyDictionary<string, Clippings.Clipping>> GetClippingsByKeyAsync(string topic, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The UTC months a topic's clippings were published in, newest first. May name a month whose clippings have
    /// since moved or gone (see <see cref="ArchiveMonths"/>, which checks); never leaves out one that has clippings.
    /// </summary>
    Task<IReadOnlyList<ArchiveMonth>> GetMonthsAsync(string topic, CancellationToken cancellationToken);

    /// <summary>
    /// When each of a topic's clippings published since <paramref name="since"/> was published, newest first: all of
    /// them, or one contributor's. Read from the timeline or the contributor's entries alone, never the clippings, so a
    /// chart of a topic's years costs a keys-only read.
    /// </summary>
    Task<IReadOnlyList<DateTimeOffset>> GetPublishedTimesAsync(string topic, string? contributorId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Keeps a contributor's face, replacing the one before; null takes it away.</summary>
    Task SaveFaceAsync(string contributorId, Faces.Face? face, CancellationToken cancellationToken);

    /// <summary>A contributor's face, or null when none is kept.</summary>
    Task<Faces.Face?> GetFaceAsync(string contributorId, CancellationToken cancellationToken);

    /// <summary>How many clippings a topic has (for the page's pager).</summary>
    Task<int> CountClippingsAsync(string topic, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contributor>> GetContributorsAsync(CancellationToken cancellationToken);

    Task<Contributor?> GetContributorAsync(string id, CancellationToken cancellationToken);

    /// <summary>The contributors with these ids that exist, in no particular order: a refresh batch's, read at once.</summary>
    Task<IReadOnlyList<Contributor>> GetContributorsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Inserts a new contributor; false when one with the same id exists already (nothing is changed then).</summary>
    Task<bool> AddContributorAsync(Contributor contributor, CancellationToken cancellationToken);

    /// <summary>Replaces a contributor's registration and state (moderation, a moved feed URL).</summary>
    Task UpdateContributorAsync(Contributor contributor, CancellationToken cancellationToken);

    /// <summary>
    /// Records feeds' polling state after a refresh, without touching their registrations: one batch for a whole run,
    /// so a run where every feed answers 304 costs one write, not one per feed. States of contributors that no longer exist are ignored.
    /// </summary>
    Task SaveFeedStatesAsync(IReadOnlyCollection<KeyValuePair<string, FeedState>> states, CancellationToken cancellationToken);

    /// <summary>A value that changes whenever anything a reader sees changes, so cached pages know when to re-render.</summary>
    Task<long> GetChangeStampAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The keys that sign the operator's session cookie and forms (ASP.NET Core data protection's key ring, as XML), kept
    /// here so every instance of the site shares them.
    /// </summary>
    Task<IReadOnlyList<string>> GetProtectionKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds a key to that ring; <paramref name="name"/> is unique per key.</summary>
    Task SaveProtectionKeyAsync(string name, string xml, CancellationToken cancellationToken);

    /// <summary>Records a refresh run (in flight or ended), replacing the record with the same id; the oldest beyond <see cref="Refresh.RefreshRun.Kept"/> are dropped.</summary>
    Task SaveRunAsync(Refresh.RefreshRun run, CancellationToken cancellationToken);

    /// <summary>The most recent refresh runs recorded, newest first.</summary>
    Task<IReadOnlyList<Refresh.RefreshRun>> GetRecentRunsAsync(int count, CancellationToken cancellationToken);

    /// <summary>The run recorded with this id and start, or null (never recorded, or dropped as old).</summary>
    Task<Refresh.RefreshRun?> GetRunAsync(string id, DateTimeOffset started, CancellationToken cancellationToken);

    /// <summary>
    /// Records one batch's result with its run, unless that batch is already recorded: the first result stands, so a
    /// batch delivered twice is counted once. Returns whether this call recorded it. Dropped with the run.
    /// </summary>
    Task<bool> SaveRunBatchAsync(string runId, Refresh.RefreshBatchResult result, CancellationToken cancellationToken);

    /// <summary>The batch results recorded for a run so far, in batch order.</summary>
    Task<IReadOnlyList<Refresh.RefreshBatchResult>> GetRunBatchesAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a WebSub subscription (by its id).</summary>
    /// <summary>
    /// Records which feeds each of a run's batches holds (batch i's ids at index i), replacing what was recorded for the
    /// run before; kept while the run is in flight, so a run planned meanwhile leaves those feeds to it.
    /// </summary>
    Task SaveRunPlanAsync(string runId, IReadOnlyList<IReadOnlyList<string>> batches, CancellationToken cancellationToken);

    /// <summary>The feeds of each of a run's batches, by index; empty once the run has finished (or if none was recorded).</summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> GetRunPlanAsync(string runId, CancellationToken cancellationToken);

    Task SaveSubscriptionAsync(WebSub.HubSubscription subscription, CancellationToken cancellationToken);

    Task<WebSub.HubSubscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every WebSub subscription, in any state.</summary>
    Task<IReadOnlyList<WebSub.HubSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken);

    Task DeleteSubscriptionAsync(string id, CancellationToken cancellationToken);

    /// <summary>When the latest refresh run began, in any process sharing this store; null if none ever has.</summary>
    Task<DateTimeOffset?> GetLastRefreshStartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that a refresh run began at <paramref name="started"/>, only if the latest start recorded is still
    /// <paramref name="previous"/> (null: none). Of several processes that read the same value and try at once, exactly
    /// one succeeds, so instances starting together can agree on which of them catches up on a missed run.
    /// </summary>
    Task<bool> TryRecordRefreshStartAsync(DateTimeOffset? previous, DateTimeOffset started, CancellationToken cancellationToken);
}

public static class ClippingStoreExtensions
{
    /// <summary>One page of all of a topic's clippings, newest published first.</summary>
    public static Task<ClippingPage> GetClippingsAsync(this IClippingStore store, string topic, int pageSize, string? continuation, CancellationToken cancellationToken) =>
        store.GetClippingsAsync(topic, ClippingFilter.Everything, pageSize, continuation, cancellationToken);
}

/// <summary>A page of clippings and the token for the next one (null on the last page).</summary>
public sealed record ClippingPage(IReadOnlyList<Clippings.Clipping> Items, string? Continuation);
