namespace Clipping.Topics;

/// <summary>One topic as written in configuration (<c>Clipping:Topics:0:Name</c>, <c>...:Aliases:0</c>).</summary>
public sealed class TopicOptions
{
    public string Name { get; set; } = "";
    public string? Slug { get; set; }
    public List<string> Aliases { get; set; } = [];
}
