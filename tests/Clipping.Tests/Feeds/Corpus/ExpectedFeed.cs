namespace Clipping.Tests.Feeds.Corpus;

/// <summary>What a project expects of a feed, in the terms Clipping compares. A null (or empty list) means the project gives no value, so the field is not counted.</summary>
internal sealed record ExpectedFeed(string? Title, string? Link, IReadOnlyList<ExpectedItem> Items);

/// <param name="Title">Plain text: a title the project marks as HTML has been reduced to its text.</param>
/// <param name="Link">As the project gives it, possibly relative when it had no base to resolve it against.</param>
/// <param name="Id">The feed's own id for the item; ids a project invents are left out.</param>
internal sealed record ExpectedItem(
    string? Title,
    string? Link,
    string? Id,
    DateTimeOffset? Published,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Tags);
