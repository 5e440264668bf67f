namespace Clipping.Contributors;

/// <summary>What a contributor submits: a name and the address of their blog or its feed.</summary>
/// <param name="AllPosts">Every post of the feed belongs (the feed is about the topic); null lets discovery decide.</param>
/// <param name="Topic">The topic slug an all-posts feed belongs to (default: the site's first).</param>
public sealed record RegistrationRequest(string? Name, string? Url, bool? AllPosts = null, string? Topic = null);

/// <summary>The outcome of a registration: the pending contributor and what their feed holds now.</summary>
/// <param name="DiscoveredFrom">The page the feed was found on, when a site URL was given.</param>
/// <param name="Alternatives">Other feeds the page names, for the contributor to choose instead.</param>
public sealed record RegistrationResult(
    Contributor Contributor,
    string? FeedTitle,
    int PostsInFeed,
    int PostsMatching,
    Uri? DiscoveredFrom,
    IReadOnlyList<Uri> Alternatives,
    IReadOnlyList<string> Warnings);

/// <summary>A registration refused; the message says what to fix.</summary>
public class RegistrationException(string message) : Exception(message);

/// <summary>Registration is closed for now (too many waiting for a moderator); the sender may try again after <see cref="RetryAfter"/>.</summary>
public sealed class RegistrationBusyException(string message, TimeSpan retryAfter) : RegistrationException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
