using System.Collections.ObjectModel;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Feeds.Discovery;
using Clipping.Feeds.Fetching;
using Clipping.Feeds.Parsing;
using Clipping.Storage;
using Clipping.Topics;

namespace Clipping.Refresh;

/// <summary>What refreshing one feed did, and the polling state to remember for it.</summary>
/// <param name="Outcome">Completes once the feed's posts are in the store: at the latest when the run's
/// <see cref="SightingWriter"/> has been flushed.</param>
public sealed record FeedRefreshResult(Task<FeedOutcome> Outcome, FeedState State)
{
    public FeedRefreshResult(FeedOutcome outcome, FeedState state) : this(Task.FromResult(outcome), state)
    {
    }
}

/// <summary>
/// Refreshes one contributor's feed: fetch, parse, match, save. What the feed does wrong is recorded in the returned
/// state; only the store failing is thrown, since then nothing can be recorded. New and changed posts go to the run's
/// <see cref="SightingWriter"/>; the caller flushes it and then saves the states of the whole run in one batch.
/// </summary>
public sealed class FeedRefresher(
    IClippingStore store,
    FeedFetcher fetcher,
    SightingBuilder sightings,
    SiteTopics topics,
    TimeProvider time,
    ParsingOptions parsing)
{
    private readonly string _topicsSignature = string.Join(";", topics.All.Select(t => t.Slug + ":" + string.Join(",", t.TagKeys.Order(StringComparer.Ordinal))));

    public async Task<FeedRefreshResult> RefreshAsync(Contributor contributor, SightingWriter writer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = contributor.State;
        if (state.NextAttempt > now)
        {
            return new(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Skipped, Error: state.LastError), state);
        }

        var fetched = await fetcher.FetchAsync(new Uri(contributor.FeedUrl), state.ETag, state.LastModified, cancellationToken);
        return await ProcessAsync(contributor, fetched, writer, cancellationToken);
    }

    /// <summary>
    /// Processes a feed already fetched (by a registration, say) as a refresh would: its posts queued on
    /// <paramref name="writer"/>, its validators and seen items in the returned state, so the next refresh asks
    /// conditionally and reads only what changed.
    /// </summary>
    /// <param name="parsed">The fetched body as already parsed (by a registration's check): used instead of parsing it
    /// again when nothing of the feed was read before.</param>
    public async Task<FeedRefreshResult> ProcessAsync(Contributor contributor, FetchResult fetched, SightingWriter writer, CancellationToken cancellationToken,
        ParsedFeed? parsed = null)
    {
        var now = time.GetUtcNow();
        var state = contributor.State;
        if (fetched.MovedPermanentlyTo is { } moved)
        {
            contributor = contributor with { FeedUrl = moved.AbsoluteUri };
            await store.UpdateContributorAsync(contributor, cancellationToken);
        }
        state = state with { LastAttempt = now };

        switch (fetched.Status)
        {
            case FetchStatus.NotModified:
                return new(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.NotModified, Warnings: state.Warnings),
                    Succeeded(WithPush(state with { ETag = fetched.ETag, LastModified = fetched.LastModified }, fetched.Push)));
            case FetchStatus.Gone:
                return new(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Gone, Error: fetched.Error),
                    state with { Gone = true, LastError = fetched.Error, NextAttempt = null });
            case FetchStatus.Failed:
                return Failed(contributor, state, fetched.Error!, now + fetched.RetryAfter, now);
        }

        // A server without validators that sends the same bytes again has nothing new; the signature makes a change
        // in how posts match (a new alias, a different mode) count as new.
        var signature = MatchingSignature(contributor);
        var bodyHash = PostFingerprint.OfBody(fetched.Body, signature);
        if (bodyHash == state.BodyHash && state.LastError is null)
        {
            return new(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.NotModified, Warnings: state.Warnings),
                Succeeded(WithPush(state with { ETag = fetched.ETag, LastModified = fetched.LastModified }, fetched.Push)));
        }

        // A changed feed is mostly the items read last time; only new and changed ones are read (and cleaned and saved).
        var seen = SeenItems.Parse(state.SeenItems);
        ParsedFeed feed;
        try
        {
            feed = (seen.IsEmpty ? parsed?.ForSeed(signature) : null)
                ?? FeedParser.Parse(fetched.Body!, fetched.ContentType, fetched.FinalUrl, parsing.MaxPostsPerFeed, seen.Known(signature));
        }
        catch (FeedParseException e)
        {
            return Failed(contributor, state, e.Message + FeedsOffered(e, fetched), null, now);
        }

        var warnings = feed.Warnings.Count > 0 ? feed.Warnings.Select(static w => Content.OneLineText.Clean(w)).ToList() : null;
        var (outcome, seenNow) = await QueueSightingsAsync(contributor, feed, seen, warnings, writer, now, cancellationToken);
        // The Link header comes first, as WebSub says subscribers must look there before the document.
        var push = fetched.Push ?? feed.Push;
        return new(outcome, Succeeded(state with
        {
            Hub = push?.Hub.AbsoluteUri,
            Topic = push?.Topic.AbsoluteUri,
            ETag = fetched.ETag,
            LastModified = fetched.LastModified,
            Warnings = warnings,
            FeedTitle = feed.Title,
            Icons = feed.Icons.Count == 0 ? null : [.. feed.Icons.Take(5)],
            BodyHash = bodyHash,
            SeenItems = seenNow,
        }));
    }

    /// <returns>The feed's outcome, complete once its posts are stored, and the items to remember as seen.</returns>
    private async Task<(Task<FeedOutcome> Outcome, string? SeenItems)> QueueSightingsAsync(
        Contributor contributor, ParsedFeed feed, SeenItems seen, IReadOnlyList<string>? warnings, SightingWriter writer, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var unchanged = feed.UnchangedItems;
        // An id shared with an item skipped as unchanged is still shared: the skipped items' ids count too.
        var skippedIds = unchanged.Select(f => seen[f].IdHash).Where(h => h != 0).ToList();
        var itemKeys = ItemKeys.For(feed.Posts, skippedIds);
        var matchesByTopic = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var postMatched = new bool[feed.Posts.Count];
        for (var i = 0; i < feed.Posts.Count; i++)
        {
            foreach (var verdict in TopicMatcher.Judge(feed.Posts[i].Tags, contributor.Mode, contributor.Topic, topics))
            {
                if (!verdict.Matches) continue;
                postMatched[i] = true;
                if (!matchesByTopic.TryGetValue(verdict.Topic.Slug, out var list)) matchesByTopic[verdict.Topic.Slug] = list = [];
                list.Add(i);
            }
        }
        var matched = postMatched.Count(m => m) + unchanged.Count(f => seen[f].Matched);
        var seenNow = feed.Items is { } items
            ? SeenItems.Store(items.Select(item => item.PostIndex is { } i
                ? new SeenItems.Entry(item.Fingerprint, postMatched[i], ItemKeys.HashOfId(feed.Posts[i].Id))
                : seen[item.Fingerprint]))
            : null;

        var saving = new List<Task<IReadOnlyList<MergeOutcome>>>(matchesByTopic.Count);
        foreach (var (topic, indexes) in matchesByTopic)
        {
            // When no item was recognised (a first read, an upgrade, a change in how posts match), the posts read may
            // still be the stored ones: one read per feed and topic tells, and only the rest are cleaned and saved.
            // Otherwise the posts read are new or changed, and the store merging the odd unchanged one costs less.
            var known = unchanged.Count == 0
                ? await store.GetSourceHashesAsync(topic, contributor.Id, cancellationToken)
                : ReadOnlyDictionary<string, string>.Empty;
            var list = new List<Sighting>(indexes.Count);
            foreach (var i in indexes)
            {
                var post = feed.Posts[i];
                var hash = PostFingerprint.Of(post, contributor.Name, contributor.SiteUrl);
                if (known.TryGetValue(itemKeys[i], out var previous) && previous == hash) continue;
                // Posts without a date keep the feed's order: each is "seen" a moment before the one above it.
                list.Add(sightings.Build(post, contributor, topic, itemKeys[i], hash, now - TimeSpan.FromMilliseconds(i)));
            }
            if (list.Count > 0) saving.Add(await writer.QueueAsync(topic, list, cancellationToken));
        }
        var postsSeen = feed.Posts.Count + unchanged.Count;
        return (Counted(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Fetched, postsSeen, matched, Warnings: warnings), saving), seenNow);
    }

    private static async Task<FeedOutcome> Counted(FeedOutcome outcome, List<Task<IReadOnlyList<MergeOutcome>>> saving)
    {
        int created = 0, updated = 0, merged = 0;
        foreach (var saved in saving)
        {
            foreach (var merge in await saved)
            {
                switch (merge)
                {
                    case MergeOutcome.New: created++; break;
                    case MergeOutcome.Updated: updated++; break;
                    case MergeOutcome.Merged: merged++; break;
                }
            }
        }
        return outcome with { New = created, Updated = updated, Merged = merged };
    }

    /// <summary>When the address serves a web page instead of a feed, the feeds that page names, for a moderator to switch to.</summary>
    private string FeedsOffered(FeedParseException e, FetchResult fetched)
    {
        if (e.HtmlTitle is null) return "";
        using var html = new MemoryStream(fetched.Body!, writable: false);
        var feeds = FeedDiscovery.Discover(html, fetched.FinalUrl, topics.All).Where(f => !f.IsComments).Select(f => f.Url.AbsoluteUri).ToList();
        return feeds.Count == 0 ? "" : $" The page names these feeds: {string.Join(", ", feeds)}.";
    }

    private string MatchingSignature(Contributor contributor) =>
        $"{contributor.Mode}|{contributor.Topic}|{contributor.Name}|{contributor.SiteUrl}|{_topicsSignature}";

    // An unread body still has its headers: a hub named in the Link header is taken even when the document is not read.
    private static FeedState WithPush(FeedState state, Feeds.PushLinks? push) =>
        push is null ? state : state with { Hub = push.Hub.AbsoluteUri, Topic = push.Topic.AbsoluteUri };

    private static FeedState Succeeded(FeedState state) => state with
    {
        LastSuccess = state.LastAttempt,
        ConsecutiveFailures = 0,
        LastError = null,
        NextAttempt = null,
    };

    private static FeedRefreshResult Failed(Contributor contributor, FeedState state, string error, DateTimeOffset? retryAfter, DateTimeOffset now)
    {
        // Errors quote what servers and feeds said (titles of HTML pages, exception texts); operators read them in a terminal.
        error = Content.OneLineText.Clean(error);
        var failures = state.ConsecutiveFailures + 1;
        return new(new FeedOutcome(contributor.Id, contributor.Name, FeedOutcomeKind.Failed, Error: error), state with
        {
            ConsecutiveFailures = failures,
            LastError = error,
            NextAttempt = FeedBackoff.NextAttempt(now, failures, retryAfter),
        });
    }
}

/// <summary>Limits on what one feed may put in (<c>Clipping:Parsing:*</c>).</summary>
public sealed class ParsingOptions
{
    public int MaxPostsPerFeed { get; set; } = 500;
}
