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
public sealed class Registration(IClippingStore store, FeedFetcher fetcher, SiteTopics topics, RegistrationOptions options, Refresh.ParsingOptions parsing, TimeProvider time,
    Faces.FaceFinder faces)
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2048;
    public const int MaxTopicLength = 100;

    /// <summary>How many of the feed's newest posts a preview lists.</summary>
    public const int PreviewPosts = 10;

    /// <summary>
    /// Registers and stores the contributor (status pending unless <paramref name="approve"/>), with a new private
    /// leave key, returned once in the result.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(RegistrationRequest request, bool approve, CancellationToken cancellationToken)
    {
        var name = CheckName(request.Name);
        var preview = await PreviewAsync(request, cancellationToken);
        var (leaveKey, keys) = ContributorKeys.NewLeaveKey();
        var contributor = preview.Contributor with { Name = name, Status = approve ? ContributorStatus.Approved : ContributorStatus.Pending, Keys = keys };
        if (!await store.AddContributorAsync(contributor, cancellationToken))
        {
            throw new AlreadyRegisteredException((await store.GetContributorAsync(contributor.Id, cancellationToken))!);
        }
        contributor = await WithFaceAsync(contributor, cancellationToken);
        return preview with { Contributor = contributor, LeaveKey = leaveKey };
    }

    /// <summary>The contributor's face, looked for at registration so the moderator and the first page show it.</summary>
    private async Task<Contributor> WithFaceAsync(Contributor contributor, CancellationToken cancellationToken)
    {
        var search = await faces.FindAsync(contributor, cancellationToken);
        if (search.Face is { } face) await store.SaveFaceAsync(contributor.Id, face, cancellationToken);
        var state = contributor.State with { Face = search.Face?.Version, FaceChecked = time.GetUtcNow() };
        await store.SaveFeedStatesAsync([new KeyValuePair<string, FeedState>(contributor.Id, state)], cancellationToken);
        return contributor with { State = state };
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

    private static string CheckName(string? raw)
    {
        var name = raw is null ? null : Content.OneLineText.Clean(raw);
        if (string.IsNullOrEmpty(name)) throw new RegistrationException("Please give a name: yours or your blog's, as readers should see it.", RegistrationField.Name);
        if (name.Length > MaxNameLength) throw new RegistrationException($"The name is too long: at most {MaxNameLength} characters, please.", RegistrationField.Name);
        return name;
    }

    /// <summary>
    /// Everything a registration checks about the feed, without storing anything: which feed the address leads to, the
    /// other feeds its page offers, and the newest posts with whether each would be clipped and why. The name is checked
    /// when it is given (the first step of the form asks only for the address).
    /// </summary>
    /// <exception cref="AlreadyRegisteredException">The feed is registered already.</exception>
    public async Task<RegistrationResult> PreviewAsync(RegistrationRequest request, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(request.Name) ? "" : CheckName(request.Name);
        if (request.Topic is not null && (request.Topic.Length > MaxTopicLength || topics.Find(request.Topic) is null))
        {
            throw new RegistrationException($"There is no topic '{Quote(request.Topic)}' here; choose one of: {string.Join(", ", topics.All.Select(t => t.Slug))}.");
        }
        var url = ParseUrl(request.Url);
        var typedWithoutScheme = !request.Url!.Trim().Contains("://", StringComparison.Ordinal);
        if (NetworkGuard.CheckUrl(url, fetcher.Options) is { } refusal) throw new RegistrationException(refusal, RegistrationField.Url);

        var (feedUrl, feed, discoveredFrom, alternatives, siteUrl, fetchedFeed) = await ResolveFeedAsync(url, typedWithoutScheme, cancellationToken);
        var mode = request.AllPosts switch
        {
            true => FeedMode.AllPosts,
            false => FeedMode.TaggedPosts,
            // A feed found as the topic's own tag feed is about the topic: every post belongs.
            null => discoveredFrom is not null && TopicMention.Names(topics.All, feedUrl, feed.Title) ? FeedMode.AllPosts : FeedMode.TaggedPosts,
        };
        var matching = feed.Posts.Count(p => TopicMatcher.Judge(p.Tags, mode, request.Topic, topics).Any(v => v.Matches));
        var id = ContributorIds.ForFeed(feedUrl.AbsoluteUri);
        if (await store.GetContributorAsync(id, cancellationToken) is { } existing) throw new AlreadyRegisteredException(existing);

        var contributor = new Contributor(
            Id: id,
            Name: name,
            SiteUrl: siteUrl,
            FeedUrl: feedUrl.AbsoluteUri,
            Status: ContributorStatus.Pending,
            Mode: mode,
            Topic: request.Topic is null ? null : topics.Find(request.Topic)!.Slug,
            RegisteredAt: time.GetUtcNow(),
            State: FeedState.New with { FeedTitle = feed.Title, Icons = feed.Icons.Count == 0 ? null : [.. feed.Icons.Take(5)] });
        return new RegistrationResult(contributor, feed.Title, feed.Posts.Count, matching, discoveredFrom, alternatives, feed.Warnings,
            Previews(feed, mode, request.Topic)) { Fetched = fetchedFeed, Parsed = feed };
    }

    private IReadOnlyList<PostPreview> Previews(ParsedFeed feed, FeedMode mode, string? topic)
    {
        var target = topic is null ? topics.Default : topics.Find(topic) ?? topics.Default;
        return feed.Posts
            .OrderByDescending(p => p.Published ?? DateTimeOffset.MinValue)
            .Take(PreviewPosts)
            .Select(post =>
            {
                var verdicts = TopicMatcher.Judge(post.Tags, mode, topic, topics);
                var matching = verdicts.FirstOrDefault(v => v.Matches);
                var title = string.IsNullOrWhiteSpace(post.Title) ? post.Link ?? "(untitled)" : Content.OneLineText.Clean(post.Title, 200);
                // Said as the post's own tag, in the quotes the rest of the page uses.
                var matchedTag = matching is null ? null : post.Tags.FirstOrDefault(t => matching.Topic.TagKeys.Contains(TagKey.Of(t)));
                var reason = matching is null ? (post.Tags.Count == 0 ? "no tags" : $"tagged {string.Join(", ", post.Tags.Select(t => $"“{t}”"))}")
                    : matchedTag is not null ? $"tagged “{matchedTag}”"
                    : "every post of this feed belongs";
                return new PostPreview(title, post.Link, post.Published, post.Tags, matching is not null, reason,
                    matching is null ? $"tag the post “{target.Name}” and it will be clipped" : null);
            })
            .ToList();
    }

    /// <summary>
    /// The address as typed, made absolute. People type "myblog.com", "www.myblog.com/blog" or "myblog.com:8080/feed":
    /// those are web addresses, tried over https first and, if that cannot connect, over http (<see cref="Typed"/>).
    /// </summary>
    private static Uri ParseUrl(string? raw)
    {
        raw = raw?.Trim();
        if (string.IsNullOrEmpty(raw)) throw new RegistrationException("Please give the address of your blog or of its feed.", RegistrationField.Url);
        if (raw.Length > MaxUrlLength) throw new RegistrationException($"The address is too long: at most {MaxUrlLength} characters, please.", RegistrationField.Url);
        if (LooksLikeBareHost(raw)) raw = "https://" + raw;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new RegistrationException($"'{Quote(raw)}' is not a web address: it must start with http:// or https://.", RegistrationField.Url);
        }
        return url;
    }

    // "host.tld/path" or "host.tld:port/path", with no scheme and nothing a scheme could hide behind (mailto:, javascript:).
    private static bool LooksLikeBareHost(string raw)
    {
        if (raw.Contains("://", StringComparison.Ordinal) || raw.StartsWith("//", StringComparison.Ordinal) || raw.Contains(' ', StringComparison.Ordinal)) return false;
        var authority = raw.Split('/', 2)[0];
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        var port = colon < 0 ? "" : authority[(colon + 1)..];
        return host.Contains('.', StringComparison.Ordinal) && host.All(c => char.IsLetterOrDigit(c) || c is '.' or '-')
            && (colon < 0 || (port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)));
    }

    // Fingerprinted, so an import can process the check's parse as the feed's first refresh instead of parsing it again.
    private static readonly KnownItems FingerprintAll = new("", new HashSet<ulong>());

    private async Task<(Uri FeedUrl, ParsedFeed Feed, Uri? DiscoveredFrom, IReadOnlyList<Uri> Alternatives, string? SiteUrl, FetchResult Fetched)> ResolveFeedAsync(Uri url, bool typedWithoutScheme, CancellationToken cancellationToken)
    {
        var fetched = typedWithoutScheme ? await FetchTypedAsync(url, cancellationToken) : await FetchAsync(url, cancellationToken);
        url = fetched.FinalUrl;
        try
        {
            var feed = FeedParser.Parse(fetched.Body!, fetched.ContentType, fetched.FinalUrl, parsing.MaxPostsPerFeed, FingerprintAll);
            return (fetched.FinalUrl, feed, null, [], feed.Link, fetched);
        }
        catch (FeedParseException e) when (e.HtmlTitle is not null || LooksLikeHtml(fetched))
        {
            using var html = new MemoryStream(fetched.Body!, writable: false);
            var found = FeedDiscovery.Discover(html, fetched.FinalUrl, topics.All);
            var offered = found.Where(f => !f.IsComments).ToList();
            if (offered.Count == 0)
            {
                throw new RegistrationException(
                    $"{url} is a web page{(e.HtmlTitle is null ? "" : $" ('{e.HtmlTitle}')")} that names no feed. Please give the address of the blog's RSS or Atom feed instead.", RegistrationField.Url);
            }
            var chosen = offered[0];
            var feedFetch = await FetchAsync(chosen.Url, cancellationToken);
            try
            {
                var feed = FeedParser.Parse(feedFetch.Body!, feedFetch.ContentType, feedFetch.FinalUrl, parsing.MaxPostsPerFeed, FingerprintAll);
                return (feedFetch.FinalUrl, feed, fetched.FinalUrl, offered.Skip(1).Select(f => f.Url).ToList(), fetched.FinalUrl.AbsoluteUri, feedFetch);
            }
            catch (FeedParseException inner)
            {
                throw new RegistrationException($"The page names a feed at {chosen.Url}, but it could not be read: {inner.Message}", RegistrationField.Url);
            }
        }
        catch (FeedParseException e)
        {
            throw new RegistrationException($"{url} is not a feed Clipping can read: {e.Message}", RegistrationField.Url);
        }
    }

    /// <summary>An address typed without a scheme: https first; a site that cannot be reached that way is tried over http.</summary>
    private async Task<FetchResult> FetchTypedAsync(Uri https, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(https, null, null, cancellationToken);
        if (fetched.Status is FetchStatus.Fetched or FetchStatus.Gone || fetched.HttpStatus is not null) return await FetchAsync(https, cancellationToken, fetched);
        var http = new UriBuilder(https) { Scheme = Uri.UriSchemeHttp, Port = https.IsDefaultPort ? -1 : https.Port }.Uri;
        return await FetchAsync(http, cancellationToken);
    }

    private async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken, FetchResult? already = null)
    {
        var fetched = already ?? await fetcher.FetchAsync(url, null, null, cancellationToken);
        return fetched.Status switch
        {
            FetchStatus.Fetched => fetched,
            FetchStatus.Gone => throw new RegistrationException($"{url} is gone (the server answered 410 Gone).", RegistrationField.Url),
            _ => throw new RegistrationException($"Could not fetch {url}: {fetched.Error}", RegistrationField.Url),
        };
    }

    // What a stranger typed, shown back in a message: one clean line, never longer than a line.
    private static string Quote(string text) => Content.OneLineText.Clean(text, 80);

    private static bool LooksLikeHtml(FetchResult fetched) =>
        fetched.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false;
}
