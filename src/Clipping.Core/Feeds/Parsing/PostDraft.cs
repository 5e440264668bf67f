using Clipping.Feeds.Parsing.Fields;
namespace Clipping.Feeds.Parsing;

/// <summary>
/// What an adapter read from one item, in the feed's own terms. <see cref="ToPost"/> applies the rules every format
/// shares, so the adapters only know where things are, not how they are tidied.
/// </summary>
internal sealed class PostDraft
{
    public string? Id { get; init; }

    /// <summary>Whether the id may stand in for a missing link: an RSS guid unless isPermaLink="false", any Atom or JSON id.</summary>
    public bool IdMayBeLink { get; init; } = true;

    public string? Title { get; init; }

    /// <summary>Atom type="text" titles are literal; everywhere else a title may carry markup and entities.</summary>
    public bool TitleIsText { get; init; }

    public string? Link { get; init; }

    /// <summary>The xml:base in scope for the link, or null when the feed sets none.</summary>
    public Uri? LinkBase { get; init; }

    /// <summary>The xml:base in scope for the content, or null when the feed sets none.</summary>
    public Uri? ContentBase { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>The text the item gave as its date, read or not: when neither date could be read, the warning quotes it.</summary>
    public string? DateText { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public IEnumerable<string?> Authors { get; init; } = [];
    public IEnumerable<string?> Tags { get; init; } = [];
    public string? SummaryHtml { get; init; }
    public string? ContentHtml { get; init; }
    public string? ImageUrl { get; init; }

    /// <summary>What the item says of the comments under the post (see <see cref="CommentThreads"/>), addresses unresolved.</summary>
    public CommentThreads.Thread Comments { get; init; }

    private const string UnreadDate = "Could not read the date";

    /// <param name="feedBase">What relative URLs resolve against when the feed sets no xml:base: its own link, else the document URL.</param>
    /// <param name="warnings">The feed's warnings: the first date that cannot be read is named there (once per feed, not per post).</param>
    public ParsedPost ToPost(Uri? feedBase, List<string> warnings)
    {
        if (Published is null && Updated is null && FeedText.NullIfBlank(DateText) is { } unread && !warnings.Exists(static w => w.StartsWith(UnreadDate, StringComparison.Ordinal)))
        {
            warnings.Add($"{UnreadDate} '{Content.OneLineText.Clean(unread, 60)}' (of '{FeedText.CollapseWhitespace(Title)}'): such posts take the time they are first seen");
        }
        var id = FeedText.NullIfBlank(Id);
        var link = FeedUrls.HttpUri(Link, LinkBase ?? feedBase);
        if (link is null && IdMayBeLink && id is not null && Uri.TryCreate(id, UriKind.Absolute, out var idUri) && FeedUrls.IsHttp(idUri)) link = idUri;
        var contentBase = ContentBase is { } b && FeedUrls.IsHttp(b) ? b : link ?? feedBase;
        return new ParsedPost(
            Id: id,
            Title: TitleIsText ? FeedText.CollapseWhitespace(Title) : FeedText.HtmlToPlain(Title),
            Link: link?.AbsoluteUri,
            Published: Published ?? Updated,
            Updated: Updated,
            Authors: AuthorNames.Distinct(Authors),
            Tags: FeedTags.Distinct(Tags),
            SummaryHtml: SummaryHtml,
            ContentHtml: ContentHtml ?? SummaryHtml,
            ImageUrl: FeedUrls.HttpUrl(ImageUrl, contentBase),
            BaseUrl: contentBase is { } cb && FeedUrls.IsHttp(cb) ? cb.AbsoluteUri : null,
            Comments: PostComments.Of(FeedUrls.HttpUrl(Comments.Page, LinkBase ?? feedBase), FeedUrls.HttpUrl(Comments.Feed, LinkBase ?? feedBase), Comments.Count));
    }
}
