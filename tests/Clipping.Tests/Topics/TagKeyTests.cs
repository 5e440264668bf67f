using Clipping.Contributors;
using Clipping.Topics;

namespace Clipping.Tests.Topics;

public sealed class TagKeyTests
{
    [Theory]
    [InlineData("Big Society")]
    [InlineData("big-society")]
    [InlineData("BigSociety")]
    [InlineData("#bigsociety")]
    [InlineData("  big   society ")]
    [InlineData("Big society")]
    [InlineData("big_society")]
    [InlineData("BIG SOCIETY")]
    public void Ways_of_writing_one_tag_fold_to_one_key(string tag) => Assert.Equal("bigsociety", TagKey.Of(tag));

    [Fact]
    public void Diacritics_and_case_are_folded()
    {
        Assert.Equal(TagKey.Of("Café"), TagKey.Of("cafe"));
        Assert.Equal(TagKey.Of("Straße"), TagKey.Of("STRASSE"));
    }

    [Fact]
    public void Different_tags_stay_different()
    {
        Assert.NotEqual(TagKey.Of("Big Society"), TagKey.Of("Big Society Bank"));
        Assert.Equal("", TagKey.Of("   "));
    }

    [Fact]
    public void Slugs_are_url_safe() => Assert.Equal("big-society", TagKey.Slugify("  Big Society! "));

    [Fact]
    public void A_topic_matches_its_name_slug_and_aliases()
    {
        var topic = new Topic("Big Society", "big-society", ["Localism Now"]);
        Assert.True(topic.IsTaggedBy(["Politics", "big society"]));
        Assert.True(topic.IsTaggedBy(["#localismnow"]));
        Assert.False(topic.IsTaggedBy(["Finance", "Society"]));
    }

    [Fact]
    public void Matching_says_why_a_post_is_or_is_not_clipped()
    {
        var topics = SiteTopics.From([new TopicOptions { Name = "Big Society" }]);
        var tagged = TopicMatcher.Judge(["Politics", "Big society"], FeedMode.TaggedPosts, null, topics).Single();
        Assert.True(tagged.Matches);
        Assert.Contains("'Big society'", tagged.Reason);

        var untagged = TopicMatcher.Judge(["Finance"], FeedMode.TaggedPosts, null, topics).Single();
        Assert.False(untagged.Matches);
        Assert.Contains("'Finance'", untagged.Reason);

        Assert.True(TopicMatcher.Judge([], FeedMode.AllPosts, null, topics).Single().Matches);
    }

    [Fact]
    public void Configured_topics_are_checked()
    {
        Assert.Throws<ArgumentException>(() => SiteTopics.From([]));
        Assert.Throws<ArgumentException>(() => SiteTopics.From([new TopicOptions { Name = "A b" }, new TopicOptions { Name = "a-b" }]));
        var topics = SiteTopics.From([new TopicOptions { Name = "Big Society" }, new TopicOptions { Name = "Localism", Slug = "local" }]);
        Assert.Equal("big-society", topics.Default.Slug);
        Assert.Equal("Localism", topics.Find("LOCAL")!.Name);
    }
}
