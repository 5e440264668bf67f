using Clipping.Topics;
using Clipping.Views;

namespace Clipping.Email;

/// <summary>
/// A view readers can follow by email, as its page's path: a topic's page, a contributor's, a tag's, in the default
/// topic ("/", "/contributors/{id}", "/tags/{tag}") or another ("/topics/{slug}/..."). Other views (a search, a month)
/// either never change or change too freely to mail.
/// </summary>
public sealed record SubscribedView(string Path, Topic Topic, ClippingFilter Filter)
{
    public static SubscribedView? Parse(string? path, SiteTopics topics)
    {
        if (path is null || path.Length > 300 || !path.StartsWith('/')) return null;
        var segments = path.TrimEnd('/').Split('/')[1..];
        var topic = topics.Default;
        if (segments is ["topics", var slug, ..])
        {
            if (topics.Find(slug) is not { } named || ReferenceEquals(named, topics.Default)) return null;
            topic = named;
            segments = segments[2..];
        }
        string Prefix(string rest) => (ReferenceEquals(topic, topics.Default) ? "" : $"/topics/{topic.Slug}") + rest;
        switch (segments)
        {
            case [] or [""]:
                return new SubscribedView(Prefix("") is { Length: > 0 } page ? page : "/", topic, ClippingFilter.Everything);
            case ["contributors", var id] when id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit):
                return new SubscribedView(Prefix("/contributors/" + id), topic, new ClippingFilter.ByContributor(id));
            case ["tags", var tag]:
                var key = TagKey.Of(Uri.UnescapeDataString(tag));
                return key.Length == 0 ? null : new SubscribedView(Prefix("/tags/" + Uri.EscapeDataString(key)), topic, new ClippingFilter.ByTag(key));
            default:
                return null;
        }
    }
}
