using Clipping.Storage;

namespace Clipping.Contributors;

/// <summary>What a moderator does to a registration: approve, reject or remove it.</summary>
public sealed class Moderation(IClippingStore store)
{
    /// <summary>Finds a contributor by id, by exact name (case-insensitive) or by feed URL.</summary>
    public async Task<Contributor> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        var wanted = idOrName.Trim();
        var all = await store.GetContributorsAsync(cancellationToken);
        var matches = all.Where(c => c.Id == wanted).ToList();
        if (matches.Count == 0) matches = all.Where(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0) matches = all.Where(c => string.Equals(c.FeedUrl, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new KeyNotFoundException($"No contributor with id, name or feed URL '{wanted}'. 'clipping contributors list' shows them."),
            _ => throw new KeyNotFoundException($"Several contributors are called '{wanted}'; use the id instead: {string.Join(", ", matches.Select(m => m.Id))}."),
        };
    }

    /// <summary>Approves a registration; also restarts polling of a feed that had failed or gone.</summary>
    public Task<Contributor> ApproveAsync(string idOrName, CancellationToken cancellationToken) =>
        SetAsync(idOrName, c => c with
        {
            Status = ContributorStatus.Approved,
            State = c.State with { Gone = false, NextAttempt = null, ConsecutiveFailures = 0 },
        }, cancellationToken);

    public Task<Contributor> RejectAsync(string idOrName, CancellationToken cancellationToken) =>
        SetAsync(idOrName, c => c with { Status = ContributorStatus.Rejected }, cancellationToken);

    /// <summary>Stops polling a contributor. Their clippings stay: they were published, and readers may have linked to them.</summary>
    public Task<Contributor> RemoveAsync(string idOrName, CancellationToken cancellationToken) =>
        SetAsync(idOrName, c => c with { Status = ContributorStatus.Removed }, cancellationToken);

    private async Task<Contributor> SetAsync(string idOrName, Func<Contributor, Contributor> change, CancellationToken cancellationToken)
    {
        var updated = change(await FindAsync(idOrName, cancellationToken));
        await store.UpdateContributorAsync(updated, cancellationToken);
        return updated;
    }
}
