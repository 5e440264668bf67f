namespace Clipping.Topics;

/// <summary>A subject the site gathers posts about: "Big Society", slug "big-society".</summary>
public sealed record Topic(string Name, string Slug, IReadOnlyList<string> Aliases)
{
    /// <summary>The normalised tag keys that mean this topic: its name, slug and every alias.</summary>
    public IReadOnlySet<string> TagKeys { get; } =
        new[] { Name, Slug }.Concat(Aliases).Select(TagKey.Of).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);

    public bool IsTaggedBy(IEnumerable<string> tags) => tags.Any(t => TagKeys.Contains(TagKey.Of(t)));
}
