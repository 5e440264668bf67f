using Clipping.Clippings;
using Clipping.Publishing;
using Clipping.Topics;
// An alias: inside Clipping.Tests.*, "Clippings" could mean a test namespace of that name.
using ClippingItem = Clipping.Clippings.Clipping;

namespace Clipping.Tests.Publishing;

/// <summary>A small feed that exercises what the writers must get right.</summary>
internal static class FeedTestData
{
    public static readonly SiteInfo Site = new("Clipping", "Posts about the Big Society", new Uri("https://clipping.example/"), "en-GB");
    public static readonly Topic Topic = new("Big Society", "big-society", ["bigsoc"]);

    public const string TrickyTitle = "Cuts & \"choices\" <for> councils \u2013 'a view'";

    /// <summary>When Alice's copy of <see cref="Newest"/> says it was last updated.</summary>
    public static readonly DateTimeOffset NewestPostUpdated = new(2011, 5, 4, 9, 0, 0, TimeSpan.Zero);

    public static ClippingItem Newest { get; } = Make(
        key: "k1",
        link: "https://alice.example/2011/05/shared-post",
        title: "A post two bloggers clipped",
        published: new DateTimeOffset(2011, 5, 3, 9, 30, 0, TimeSpan.FromHours(1)),
        tags: ["Big Society"],
        sources:
        [
            Source("alice", "Alice Archer", "https://alice.example/", NewestPostUpdated),
            Source("bob", "Bob Baker", null),
        ]);

    public static ClippingItem Tricky { get; } = Make(
        key: "k2",
        link: "https://carol.example/cuts?a=1&b=2",
        title: TrickyTitle,
        published: new DateTimeOffset(2011, 5, 2, 18, 0, 0, TimeSpan.Zero),
        tags: ["Big Society"],
        sources: [Source("carol", "Carol & Co", "https://carol.example/")]);

    public static ClippingItem WithImage { get; } = Make(
        key: "k3",
        link: "https://dave.example/volunteers",
        title: "Volunteers",
        published: new DateTimeOffset(2011, 5, 1, 12, 0, 0, TimeSpan.Zero),
        tags: ["Big Society", "volunteering", "localism"],
        sources: [Source("dave", "Dave", "https://dave.example/")],
        imageUrl: "https://dave.example/img/volunteers.jpg");

    public static FeedView View(params ClippingItem[] items) => new(
        Site,
        Topic,
        new Uri("https://clipping.example/big-society/"),
        new Uri("https://clipping.example/big-society/feed.rss"),
        items.Length > 0 ? items : [Newest, Tricky, WithImage],
        new DateTimeOffset(2011, 5, 3, 10, 0, 0, TimeSpan.Zero))
    {
        SourceFeeds = new Dictionary<string, string>
        {
            ["alice"] = "https://alice.example/feed/",
            ["bob"] = "https://bob.example/feed.xml",
            ["carol"] = "https://carol.example/rss",
            ["dave"] = "https://dave.example/atom.xml",
        },
    };


    public static ClippingSource Source(string id, string name, string? siteUrl, DateTimeOffset? updated = null) =>
        new(id, name, siteUrl, $"{id}-item", null, null, new DateTimeOffset(2011, 5, 3, 8, 0, 0, TimeSpan.Zero), updated);

    public static ClippingItem Make(
        string key,
        string? link,
        string title,
        DateTimeOffset published,
        IReadOnlyList<string> tags,
        IReadOnlyList<ClippingSource> sources,
        string? imageUrl = null,
        string? contentHtml = null) => new(
            Key: key,
            Topic: "big-society",
            CanonicalUrl: link ?? key,
            Link: link,
            Title: title,
            ExcerptText: $"Excerpt of {title}",
            ContentHtml: contentHtml ?? $"<p>Body of <a href=\"{link}\">the post</a> &amp; more.</p>",
            ImageUrl: imageUrl,
            Published: published,
            FirstSeen: published.AddMinutes(20),
            Updated: published.AddHours(2),
            Tags: tags,
            Authors: [],
            Sources: sources,
            ContentHash: "hash-" + key);

    public static byte[] Write(Action<Stream, FeedView> writer, FeedView view)
    {
        using var stream = new MemoryStream();
        writer(stream, view);
        return stream.ToArray();
    }
}
