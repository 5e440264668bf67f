namespace Clipping.Topics;

/// <summary>The site's topics, the first being the default shown at <c>/</c>.</summary>
public sealed class SiteTopics
{
    public SiteTopics(IEnumerable<Topic> topics)
    {
        All = topics.ToList();
        if (All.Count == 0) throw new ArgumentException("At least one topic must be configured (Clipping:Topics:0:Name).");
        var duplicate = All.GroupBy(t => t.Slug, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two topics share the slug '{duplicate.Key}': give one of them its own Slug.");
    }

    public IReadOnlyList<Topic> All { get; }
    public Topic Default => All[0];

    public Topic? Find(string slug) => All.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public static SiteTopics From(IEnumerable<TopicOptions> options) =>
        new(options.Where(o => !string.IsNullOrWhiteSpace(o.Name)).Select(o =>
        {
            var slug = string.IsNullOrWhiteSpace(o.Slug) ? TagKey.Slugify(o.Name) : TagKey.Slugify(o.Slug);
            if (slug.Length == 0) throw new ArgumentException($"Topic '{o.Name}' needs a Slug made of letters or digits.");
            return new Topic(o.Name.Trim(), slug, o.Aliases.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList());
        }));
}
