using Clipping.Feeds.Discovery;
using Clipping.Feeds.Fetching;
using Clipping.Feeds.Parsing;
using Clipping.Storage;
using Clipping.Topics;

namespace Clipping.Contributors;

/// <summary>
/// Registers a blog: resolves a site URL to its feed by autodiscovery, fetches and parses the feed before accepting it,
/// and stores the registration as pending for a moderator. Every refusal says what to fix.
/// </summary>
public sealed class Registration(IClippingStore store, FeedFetcher fetcher, SiteTopics topics, RegistrationOptions options, Refresh.ParsingOptions parsing, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2048;
    public const int MaxTopicLength = 100;

    /// <summary>Registers and stores the contributor (status pending unless <paramref name="approve"/>).</summary>
    public async Task<RegistrationResult> RegisterAsync(RegistrationRequest request, bool approve, CancellationToken cancellationToken)
    {
        var preview = await PreviewAsync(request, cancellationToken);
        var contributor = preview.Contributor with { Status = approve ? ContributorStatus.Approved : ContributorStatus.Pending };
        if (!await store.AddContributorAsync(contributor, cancellationToken))
        {
            var existing = await store.GetContributorAsync(contributor.Id, cancellationToken);
            throw new RegistrationException(
                $"This feed is already registered (as '{existing?.Name}', {existing?.Status.ToString().ToLowerInvariant()}).");
        }
        return preview with { Contributor = contributor };
    }

    /// <summary>
    /// Refuses a stranger's registration while too many wait for a moderator: checked before anything is fetched, since
    /// a queue no moderator is emptying must neither grow nor cost fetches. The operator's own commands are not held to it.
    /// </summary>
    /// <exception cref="RegistrationBusyException">The queue is full.</exception>
    public async Task EnsureRoomAsync(CancellationToken cancellationToken)
    {
        if ((await store.GetContributorsAsync(cancellationToken)).Count(c => c.Status == ContributorStatus.Pending) >= options.MaxPending)
        {
            throw new RegistrationBusyException(
                "Too many registrations are waiting for a moderator just now. Please try again later; nothing was registered.", TimeSpan.FromHours(1));
        }
    }

    /// <summary>Everything a registration checks, without storing anything.</summary>
    public async Task<RegistrationResult> PreviewAsync(RegistrationRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name is null ? null : Content.OneLineText.Clean(request.Name);
        if (string.IsNullOrEmpty(name)) throw new RegistrationException("Please give a name: yours or your blog's, as readers should see it.");
        if (name.Length > MaxNameLength) throw new RegistrationException($"The name is too long: at most {MaxNameLength} characters, please.");
        if (request.Topic is not null && (request.Topic.Length > MaxTopicLength || topics.Find(request.Topic) is null))
        {
            throw new RegistrationException($"There is no topic '{Quote(request.Topic)}' here; choose one of: {string.Join(", ", topics.All.Select(t => t.Slug))}.");
        }
        var url = ParseUrl(request.Url);
        if (NetworkGuard.CheckUrl(url, fetcher.Options) is { } refusal) throw new RegistrationException(refusal);

        var (feedUrl, feed, discoveredFrom, alternatives, siteUrl) = await ResolveFeedAsync(url, cancellationToken);
        var mode = request.AllPosts switch
        {
            true => FeedMode.AllPosts,
            false => FeedMode.TaggedPosts,
            // A feed found as the topic's own tag feed is about the topic: every post belongs.
            null => discoveredFrom is not null && TopicMention.Names(topics.All, feedUrl, feed.Title) ? FeedMode.AllPosts : FeedMode.TaggedPosts,
        };
        var matching = feed.Posts.Count(p => TopicMatcher.Judge(p.Tags, mode, request.Topic, topics).Any(v => v.Matches));

        var contributor = new Contributor(
            Id: ContributorIds.ForFeed(feedUrl.AbsoluteUri),
            Name: name,
            SiteUrl: siteUrl,
            FeedUrl: feedUrl.AbsoluteUri,
            Status: ContributorStatus.Pending,
            Mode: mode,
            Topic: request.Topic is null ? null : topics.Find(request.Topic)!.Slug,
            RegisteredAt: time.GetUtcNow(),
            State: FeedState.New with { FeedTitle = feed.Title });
        return new RegistrationResult(contributor, feed.Title, feed.Posts.Count, matching, discoveredFrom, alternatives, feed.Warnings);
    }

    private static Uri ParseUrl(string? raw)
    {
        raw = raw?.Trim();
        if (string.IsNullOrEmpty(raw)) throw new RegistrationException("Please give the address of your blog or of its feed.");
        if (raw.Length > MaxUrlLength) throw new RegistrationException($"The address is too long: at most {MaxUrlLength} characters, please.");
        // People type "example.com/blog"; that is an http(s) address they meant.
        if (!raw.Contains("://", StringComparison.Ordinal) && !raw.StartsWith("//", StringComparison.Ordinal) && raw.Contains('.', StringComparison.Ordinal)
            && !raw.Contains(' ', StringComparison.Ordinal) && !raw.Contains(':', StringComparison.Ordinal))
        {
            raw = "https://" + raw;
        }
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new RegistrationException($"'{Quote(raw)}' is not a web address: it must start with http:// or https://.");
        }
        return url;
    }

    private async Task<(Uri FeedUrl, ParsedFeed Feed, Uri? DiscoveredFrom, IReadOnlyList<Uri> Alternatives, string? SiteUrl)> ResolveFeedAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetched = await FetchAsync(url, cancellationToken);
        try
        {
            var feed = FeedParser.Parse(fetched.Body!, fetched.ContentType, fetched.FinalUrl, parsing.MaxPostsPerFeed);
            return (fetched.FinalUrl, feed, null, [], feed.Link);
        }
        catch (FeedParseException e) when (e.HtmlTitle is not null || LooksLikeHtml(fetched))
        {
            using var html = new MemoryStream(fetched.Body!, writable: false);
            var found = FeedDiscovery.Discover(html, fetched.FinalUrl, topics.All);
            var offered = found.Where(f => !f.IsComments).ToList();
            if (offered.Count == 0)
            {
                throw new RegistrationException(
                    $"{url} is a web page{(e.HtmlTitle is null ? "" : $" ('{e.HtmlTitle}')")} that names no feed. Please give the address of the blog's RSS or Atom feed instead.");
            }
            var chosen = offered[0];
            var feedFetch = await FetchAsync(chosen.Url, cancellationToken);
            try
            {
                var feed = FeedParser.Parse(feedFetch.Body!, feedFetch.ContentType, feedFetch.FinalUrl, parsing.MaxPostsPerFeed);
                return (feedFetch.FinalUrl, feed, fetched.FinalUrl, offered.Skip(1).Select(f => f.Url).ToList(), fetched.FinalUrl.AbsoluteUri);
            }
            catch (FeedParseException inner)
            {
                throw new RegistrationException($"The page names a feed at {chosen.Url}, but it could not be read: {inner.Message}");
            }
        }
        catch (FeedParseException e)
        {
            throw new RegistrationException($"{url} is not a feed Clipping can read: {e.Message}");
        }
    }

    private async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(url, null, null, cancellationToken);
        return fetched.Status switch
        {
            FetchStatus.Fetched => fetched,
            FetchStatus.Gone => throw new RegistrationException($"{url} is gone (the server answered 410 Gone)."),
            _ => throw new RegistrationException($"Could not fetch {url}: {fetched.Error}"),
        };
    }

    // What a stranger typed, shown back in a message: one clean line, never longer than a line.
    private static string Quote(string text) => Content.OneLineText.Clean(text, 80);

    private static bool LooksLikeHtml(FetchResult fetched) =>
        fetched.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false;
}
