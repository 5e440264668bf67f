namespace Clipping.Storage.Archive;

/// <summary>What <c>clipping store verify</c> found: each kind's count and hash, and every reference that leads nowhere.</summary>
public sealed record StoreCheckReport(IReadOnlyDictionary<string, KindSummary> Records, IReadOnlyList<string> Problems)
{
    public bool Sound => Problems.Count == 0;
}

/// <summary>
/// Checks a store's or an archive's records against each other as they stream past (they come kind by kind, contributors
/// first, then clippings, then what points at them): every credit names a contributor that exists, and every seen
/// item and WebSub subscription points at something that exists. Only ids are held, never the records.
/// </summary>
public static class StoreCheck
{
    private const int MaxProblemsListed = 20;

    public static async Task<StoreCheckReport> CheckAsync(IAsyncEnumerable<StoredRecord> records, CancellationToken cancellationToken)
    {
        var tally = new ArchiveTally();
        var contributors = new HashSet<string>(StringComparer.Ordinal);
        var clippings = new HashSet<(string Topic, string Key)>();
        var problems = new List<string>();
        var more = 0;
        void Problem(string problem)
        {
            if (problems.Count < MaxProblemsListed) problems.Add(problem);
            else more++;
        }

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            tally.Add(record.Kind, ArchiveFormat.Encode(record, withoutSecrets: false)!);
            switch (record)
            {
                case StoredContributor c:
                    contributors.Add(c.Contributor.Id);
                    break;
                case StoredClipping { Clipping: var clipping }:
                    if (!clippings.Add((clipping.Topic, clipping.Key))) Problem($"the clipping {clipping.Topic}/{clipping.Key} is listed twice");
                    foreach (var source in clipping.Sources.Where(s => !contributors.Contains(s.ContributorId)))
                    {
                        Problem($"the clipping {clipping.Topic}/{clipping.Key} credits {source.ContributorName} ({source.ContributorId}), who is not a contributor");
                    }
                    break;
                case StoredSource s when !clippings.Contains((s.Topic, s.ClippingKey)):
                    Problem($"a seen item of {s.ContributorId} in {s.Topic} points at the clipping {s.ClippingKey}, which does not exist");
                    break;
                case StoredSubscription { Subscription: var subscription } when !contributors.Contains(subscription.ContributorId):
                    Problem($"the WebSub subscription {subscription.Id} is for {subscription.ContributorId}, who is not a contributor");
                    break;
            }
        }
        if (more > 0) problems.Add($"and {more} more like these");
        return new StoreCheckReport(tally.Summaries, problems);
    }
}
