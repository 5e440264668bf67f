using Clipping.Contributors;

namespace Clipping.Topics;

/// <summary>Whether a post belongs to a topic, and why: the answer to "why isn't my post on the page?".</summary>
public sealed record TopicVerdict(Topic Topic, bool Matches, string Reason);

/// <summary>Decides which topics a post belongs to. Only tags count: a title that names the topic is not enough.</summary>
public static class TopicMatcher
{
    /// <param name="mode">A feed registered as being about a topic puts every post in <paramref name="modeTopic"/> (default: the site's first).</param>
    public static IReadOnlyList<TopicVerdict> Judge(IReadOnlyList<string> tags, FeedMode mode, string? modeTopic, SiteTopics topics)
    {
        var allPostsTopic = mode == FeedMode.AllPosts ? (modeTopic is null ? topics.Default : topics.Find(modeTopic) ?? topics.Default) : null;
        var verdicts = new List<TopicVerdict>(topics.All.Count);
        foreach (var topic in topics.All)
        {
            var tag = tags.FirstOrDefault(t => topic.TagKeys.Contains(TagKey.Of(t)));
            if (tag is not null)
            {
                verdicts.Add(new TopicVerdict(topic, true, $"tagged '{tag}'"));
            }
            else if (ReferenceEquals(topic, allPostsTopic))
            {
                verdicts.Add(new TopicVerdict(topic, true, "every post in this feed belongs (registered as a feed about the topic)"));
            }
            else
            {
                var shown = tags.Count == 0 ? "it has no tags" : $"its tags are {string.Join(", ", tags.Select(t => $"'{t}'"))}";
                verdicts.Add(new TopicVerdict(topic, false, $"not tagged '{topic.Name}': {shown}"));
            }
        }
        return verdicts;
    }
}
