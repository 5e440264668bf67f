using Clipping.Content;
using Clipping.Contributors;
using Clipping.Feeds.Fetching;
using Clipping.Feeds.Parsing;
using Clipping.Topics;

namespace Clipping.Feeds;

/// <summary>What <c>clipping check</c> reports: the feed as Clipping reads it, each post and whether it matches.</summary>
public sealed record FeedCheckReport(FeedCheckFeed Feed, IReadOnlyList<FeedCheckItem> Items);

public sealed record FeedCheckFeed(string? Title, string? Link, string Format, IReadOnlyList<string> Warnings);

/// <param name="Matches">Per topic slug: whether the post would be clipped for it.</param>
/// <param name="Reason">Why it matches or not, in words.</param>
public sealed record FeedCheckItem(
    string? Title, string? Link, string? Id, DateTimeOffset? Published, IReadOnlyList<string> Authors, IReadOnlyList<string> Tags,
    string Summary, string? Image, IReadOnlyDictionary<string, bool> Matches, string Reason);

/// <summary>Reads one feed, from the web or a file, and explains each post's fate: the answer to "why isn't my post on the page?".</summary>
public sealed class FeedCheck(FeedFetcher fetcher, SiteTopics topics, Refresh.ParsingOptions parsing)
{
    public async Task<FeedCheckReport> CheckAsync(string urlOrFile, FeedMode mode, CancellationToken cancellationToken)
    {
        ParsedFeed feed;
        if (File.Exists(urlOrFile))
        {
            var bytes = await File.ReadAllBytesAsync(urlOrFile, cancellationToken);
            feed = FeedParser.Parse(bytes, null, new Uri(Path.GetFullPath(urlOrFile)), parsing.MaxPostsPerFeed);
        }
        else
        {
            if (!Uri.TryCreate(urlOrFile, UriKind.Absolute, out var url) || url.IsFile)
            {
                throw new FileNotFoundException($"No such file: {urlOrFile} (give a feed's file, or its http:// or https:// address).");
            }
            var fetched = await fetcher.FetchAsync(url, null, null, cancellationToken);
            if (fetched.Status != FetchStatus.Fetched) throw new InvalidOperationException(fetched.Error ?? $"Could not fetch {url}.");
            try
            {
                feed = FeedParser.Parse(fetched.Body!, fetched.ContentType, fetched.FinalUrl, parsing.MaxPostsPerFeed);
            }
            catch (FeedParseException e) when (e.HtmlTitle is not null)
            {
                using var html = new MemoryStream(fetched.Body!, writable: false);
                var offered = Discovery.FeedDiscovery.Discover(html, fetched.FinalUrl, topics.All).Select(f => f.Url.AbsoluteUri + (f.IsComments ? " (comments)" : "")).ToList();
                throw new FeedParseException(offered.Count == 0 ? e.Message : $"{e.Message}; the page names these feeds: {string.Join(", ", offered)}", e) { HtmlTitle = e.HtmlTitle };
            }
        }

        var items = feed.Posts.Select(post =>
        {
            var verdicts = TopicMatcher.Judge(post.Tags, mode, null, topics);
            var reason = string.Join("; ", verdicts.Select(v => topics.All.Count == 1 ? v.Reason : $"{v.Topic.Name}: {v.Reason}"));
            return new FeedCheckItem(
                post.Title, post.Link, post.Id, post.Published, post.Authors, post.Tags,
                HtmlCleaner.TextOf(post.SummaryHtml ?? post.ContentHtml, HtmlCleaner.DefaultExcerptLength), post.ImageUrl,
                verdicts.ToDictionary(v => v.Topic.Slug, v => v.Matches), reason);
        }).ToList();
        return new FeedCheckReport(new FeedCheckFeed(feed.Title, feed.Link, feed.Format.ToString(), feed.Warnings), items);
    }
}
