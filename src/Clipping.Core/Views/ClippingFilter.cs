namespace Clipping.Views;

/// <summary>
/// Which of a topic's clippings a view lists. Every filter pages newest first with the same kind of cursor, so the
/// page, the feeds and both stores treat them alike.
/// </summary>
public abstract record ClippingFilter
{
    public static ClippingFilter Everything { get; } = new All();

    /// <summary>A short text naming the filter, for cache keys.</summary>
    public abstract string CacheKey { get; }

    public sealed record All : ClippingFilter
    {
        public override string CacheKey => "all";
    }

    /// <summary>Clippings one contributor carried (alone or with others).</summary>
    public sealed record ByContributor(string ContributorId) : ClippingFilter
    {
        public override string CacheKey => "c:" + ContributorId;
    }

    /// <summary>Clippings with a tag, by its folded key (<see cref="Topics.TagKey"/>).</summary>
    public sealed record ByTag(string TagKey) : ClippingFilter
    {
        public override string CacheKey => "g:" + TagKey;
    }

    /// <summary>Clippings published in [<paramref name="From"/>, <paramref name="Until"/>).</summary>
    public sealed record PublishedBetween(DateTimeOffset From, DateTimeOffset Until) : ClippingFilter
    {
        public override string CacheKey => $"p:{From.UtcTicks}-{Until.UtcTicks}";
    }

    /// <summary>Clippings whose content links to the article with this clipping key (see <see cref="Conversations.ClippingLinks"/>).</summary>
    public sealed record LinkingTo(string Key) : ClippingFilter
    {
        public override string CacheKey => "l:" + Key;
    }

    /// <summary>Clippings whose title, excerpt or tags hold every term of the query.</summary>
    public sealed record Matching(SearchQuery Query) : ClippingFilter
    {
        public override string CacheKey => "q:" + string.Join(' ', Query.Terms);
    }
}
