using Clipping.Clippings;

namespace Clipping.Tests.Clippings;

public sealed class ClippingMergerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    internal static Sighting Sighting(string contributor, string link, DateTimeOffset? published, string title = "A post", string content = "<p>Text</p>", string[]? tags = null) =>
        new("big-society", CanonicalUrl.Hash(CanonicalUrl.Of(link)!), CanonicalUrl.Of(link)!, contributor, contributor + " name", $"https://{contributor}.example/",
            "item-" + link, link, title, "Text", content, null, published, Now, tags ?? ["Big Society"], [contributor]);

    [Fact]
    public void A_first_sighting_makes_a_new_clipping()
    {
        var (clipping, outcome) = ClippingMerger.Merge(null, Sighting("rich", "https://rich.example/a", Now.AddDays(-3)));
        Assert.Equal(MergeOutcome.New, outcome);
        Assert.Equal(Now.AddDays(-3), clipping.Published);
        Assert.Equal(Now, clipping.FirstSeen);
        Assert.Single(clipping.Sources);
    }

    [Fact]
    public void A_changed_comment_count_is_saved_but_is_not_a_new_version()
    {
        var first = Sighting("rich", "https://rich.example/a", Now.AddDays(-3)) with { Comments = new("https://rich.example/a#comments", null, 3) };
        var (clipping, _) = ClippingMerger.Merge(null, first);
        var (after, outcome) = ClippingMerger.Merge(clipping, first with { SeenAt = Now.AddHours(1), Comments = new("https://rich.example/a#comments", null, 4) });

        Assert.Equal(MergeOutcome.Unchanged, outcome);
        Assert.Equal(4, after.Sources[0].Comments?.Count);
        Assert.Equal(clipping.Updated, after.Updated);
        Assert.Equal(clipping.ContentHash, after.ContentHash);
        Assert.Same(after, ClippingMerger.Merge(after, first with { SeenAt = Now.AddHours(2), Comments = new("https://rich.example/a#comments", null, 4) }).Result);
    }

    [Fact]
    public void The_same_post_seen_again_unchanged_writes_nothing()
    {
        var (clipping, _) = ClippingMerger.Merge(null, Sighting("rich", "https://rich.example/a", Now.AddDays(-3)));
        var (again, outcome) = ClippingMerger.Merge(clipping, Sighting("rich", "https://rich.example/a", Now.AddDays(-3)) with { SeenAt = Now.AddHours(1) });
        Assert.Equal(MergeOutcome.Unchanged, outcome);
        Assert.Same(clipping, again);
    }

    [Fact]
    public void The_same_post_with_new_content_is_updated_in_place()
    {
        var (clipping, _) = ClippingMerger.Merge(null, Sighting("rich", "https://rich.example/a", Now.AddDays(-3)));
        var (updated, outcome) = ClippingMerger.Merge(clipping, Sighting("rich", "https://rich.example/a", Now.AddDays(-3), content: "<p>Updated</p>") with { SeenAt = Now.AddHours(1) });
        Assert.Equal(MergeOutcome.Updated, outcome);
        Assert.Equal("<p>Updated</p>", updated.ContentHtml);
        Assert.Equal(Now, updated.FirstSeen);
        Assert.Equal(Now.AddHours(1), updated.Updated);
        Assert.Single(updated.Sources);
    }

    [Fact]
    public void A_second_contributor_is_credited_and_the_earliest_source_is_shown()
    {
        var (bookmark, _) = ClippingMerger.Merge(null, Sighting("david", "http://www.rich.example/a?utm_source=x", Now.AddDays(-2), title: "Bookmark title", tags: ["bigsociety", "cuts"]));
        var (merged, outcome) = ClippingMerger.Merge(bookmark, Sighting("rich", "https://rich.example/a/", Now.AddDays(-3), title: "Original title"));

        Assert.Equal(MergeOutcome.Merged, outcome);
        Assert.Equal(["rich", "david"], merged.Sources.Select(s => s.ContributorId));
        Assert.Equal("Original title", merged.Title);
        Assert.Equal("https://rich.example/a/", merged.Link);
        Assert.Equal(Now.AddDays(-3), merged.Published);
        Assert.Equal(["bigsociety", "cuts"], merged.Tags);
    }

    [Fact]
    public void A_later_copy_does_not_change_what_is_shown()
    {
        var (original, _) = ClippingMerger.Merge(null, Sighting("rich", "https://rich.example/a", Now.AddDays(-3), title: "Original title"));
        var (merged, _) = ClippingMerger.Merge(original, Sighting("david", "https://rich.example/a", Now.AddDays(-2), title: "Bookmark title"));
        Assert.Equal("Original title", merged.Title);
        Assert.Equal(["rich", "david"], merged.Sources.Select(s => s.ContributorId));
    }

    [Fact]
    public void The_order_of_arrival_does_not_change_the_result()
    {
        var a = Sighting("rich", "https://rich.example/a", Now.AddDays(-3), title: "Original");
        var b = Sighting("david", "https://rich.example/a", Now.AddDays(-2), title: "Bookmark");
        var ab = ClippingMerger.Merge(ClippingMerger.Merge(null, a).Result, b).Result;
        var ba = ClippingMerger.Merge(ClippingMerger.Merge(null, b).Result, a).Result;
        Assert.Equal(ab.Title, ba.Title);
        Assert.Equal(ab.Published, ba.Published);
        Assert.Equal(ab.Sources.Select(s => s.ContributorId), ba.Sources.Select(s => s.ContributorId));
        Assert.Equal(ab.ContentHash, ba.ContentHash);
    }
}
