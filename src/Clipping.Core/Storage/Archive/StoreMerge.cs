using Clipping.Clippings;

namespace Clipping.Storage.Archive;

/// <summary>What merging an archive into a store that already holds a site did.</summary>
public sealed record MergeReport(int ContributorsAdded, int ContributorsKept, int ClippingsNew, int CreditsAdded, int CreditsAlreadyThere, int OtherRecordsAdded);

/// <summary>
/// Merges a site's records into a store that already holds one, by the rules a refresh follows, so merging the same
/// archive twice changes nothing:
/// <list type="bullet">
/// <item>each credit of each clipping is saved as the contributor's sighting of it (<see cref="IClippingStore.SaveSightingsAsync"/>):
/// the same article from two sites becomes one clipping crediting both, found by its address or by the contributor's
/// own id for the post, and a credit already there is unchanged;</item>
/// <item>a contributor, subscription or run the store already has is kept as the store has it (its state is the live one);</item>
/// <item>a seen item's fingerprint fills in only where the store has none, and the later refresh start wins.</item>
/// </list>
/// Records stream through in batches; only the fingerprints of the contributors in hand are held.
/// </summary>
public static class StoreMerge
{
    private const int BatchSize = 200;
    private const int FingerprintsHeld = 256;

    public static async Task<MergeReport> MergeAsync(IAsyncEnumerable<StoredRecord> records, IClippingStore store, CancellationToken cancellationToken)
    {
        var contents = (IStoreContents)store;
        var fingerprints = new Dictionary<(string Topic, string Contributor), IReadOnlyDictionary<string, string>>();
        var sightings = new Dictionary<string, List<Sighting>>(StringComparer.Ordinal);
        var raw = new List<StoredRecord>();
        int added = 0, kept = 0, fresh = 0, merged = 0, unchanged = 0, other = 0;

        async Task<string?> FingerprintAsync(string topic, string contributor, string item)
        {
            if (!fingerprints.TryGetValue((topic, contributor), out var items))
            {
                if (fingerprints.Count >= FingerprintsHeld) fingerprints.Clear();
                fingerprints[(topic, contributor)] = items = await store.GetSourceHashesAsync(topic, contributor, cancellationToken);
            }
            return items.TryGetValue(item, out var hash) ? hash : null;
        }

        async Task FlushAsync()
        {
            foreach (var (topic, batch) in sightings)
            {
                foreach (var outcome in await store.SaveSightingsAsync(topic, batch, cancellationToken))
                {
                    switch (outcome)
                    {
                        case MergeOutcome.New: fresh++; break;
                        case MergeOutcome.Merged or MergeOutcome.Updated: merged++; break;
                        default: unchanged++; break;
                    }
                }
                foreach (var s in batch) fingerprints.Remove((topic, s.ContributorId));
            }
            sightings.Clear();
            if (raw.Count > 0)
            {
                await contents.WriteAsync(raw, cancellationToken);
                other += raw.Count;
                raw.Clear();
            }
        }

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            switch (record)
            {
                case StoredContributor c:
                    if (await store.AddContributorAsync(c.Contributor, cancellationToken)) added++;
                    else kept++;
                    break;
                case StoredClipping { Clipping: var clipping }:
                    if (!sightings.TryGetValue(clipping.Topic, out var batch)) sightings[clipping.Topic] = batch = [];
                    foreach (var source in clipping.Sources)
                    {
                        // The store's own fingerprint of the post, where it has one, so the merge does not make the next refresh read it again.
                        var fingerprint = await FingerprintAsync(clipping.Topic, source.ContributorId, source.ItemKey) ?? "";
                        batch.Add(new Sighting(clipping.Topic, clipping.Key, clipping.CanonicalUrl, source.ContributorId, source.ContributorName, source.ContributorSiteUrl,
                            source.ItemKey, source.Link, clipping.Title, clipping.ExcerptText, clipping.ContentHtml, clipping.ImageUrl,
                            source.Published, source.FirstSeen, clipping.Tags, clipping.Authors, fingerprint, source.Updated));
                    }
                    if (sightings.Values.Sum(b => b.Count) >= BatchSize) await FlushAsync();
                    break;
                case StoredSource s:
                    if (sightings.Count > 0) await FlushAsync();
                    if (await FingerprintAsync(s.Topic, s.ContributorId, s.ItemKey) is null or "") raw.Add(s);
                    break;
                case StoredSubscription s:
                    if (await store.GetSubscriptionAsync(s.Subscription.Id, cancellationToken) is null) raw.Add(s);
                    break;
                case StoredRun r:
                    if (await store.GetRunAsync(r.Run.Id, r.Run.Started, cancellationToken) is null) raw.Add(r);
                    break;
                case StoredProtectionKey k:
                    if (!(await store.GetProtectionKeysAsync(cancellationToken)).Contains(k.Xml, StringComparer.Ordinal)) raw.Add(k);
                    break;
                case StoredRefreshStart r:
                    if (await store.GetLastRefreshStartAsync(cancellationToken) is not { } latest || r.Started > latest) raw.Add(r);
                    break;
                case StoredSubscriber s:
                    // A reader already subscribed here keeps this site's record of them (and their own choices since).
                    if (await ((Email.IMailingList)store).GetSubscriberAsync(s.Subscriber.Id, cancellationToken) is null) raw.Add(s);
                    break;
                case StoredMailKey k:
                    if (await ((IStoreContents)store).GetNoteAsync(Email.SubscriptionTokens.KeyNote, cancellationToken) is null) raw.Add(k);
                    break;
            }
            if (raw.Count >= BatchSize) await FlushAsync();
        }
        await FlushAsync();
        return new MergeReport(added, kept, fresh, merged, unchanged, other);
    }
}
