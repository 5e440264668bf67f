namespace Clipping.Contributors;

/// <summary>What a contributor submits: a name and the address of their blog or its feed.</summary>
/// <param name="AllPosts">Every post of the feed belongs (the feed is about the topic); null lets discovery decide.</param>
/// <param name="Topic">The topic slug an all-posts feed belongs to (default: the site's first).</param>
public sealed record RegistrationRequest(string? Name, string? Url, bool? AllPosts = null, string? Topic = null)
{
    /// <summary>Which step of the registration form sent it ("find", "register", "claim-code", "claim"); empty for scripts.</summary>
    public string Step { get; init; } = "";

    /// <summary>The claim code the requester was given, posted back at the "claim" step.</summary>
    public string? ClaimCode { get; init; }

    /// <summary>The secret given with that claim code, posted back with it.</summary>
    public string? ClaimSecret { get; init; }
}

/// <summary>The outcome of a registration: the pending contributor and what their feed holds now.</summary>
/// <param name="DiscoveredFrom">The page the feed was found on, when a site URL was given.</param>
/// <param name="Alternatives">Other feeds the page names, for the contributor to choose instead.</param>
/// <param name="Posts">The feed's newest posts, each with whether it would be clipped and why.</param>
/// <param name="LeaveKey">The private key of the contributor's leave link: set once, when the registration is stored, and never kept.</param>
public sealed record RegistrationResult(
    Contributor Contributor,
    string? FeedTitle,
    int PostsInFeed,
    int PostsMatching,
    Uri? DiscoveredFrom,
    IReadOnlyList<Uri> Alternatives,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<PostPreview> Posts,
    string? LeaveKey = null)
{
    /// <summary>The feed as fetched to check it: an operator's import processes it at once instead of fetching it again.</summary>
    public Feeds.Fetching.FetchResult? Fetched { get; init; }

    /// <summary>The check's parse of <see cref="Fetched"/>, which processing it can reuse.</summary>
    public Feeds.Parsing.ParsedFeed? Parsed { get; init; }
}

/// <summary>One of a feed's posts as a registration previews it.</summary>
/// <param name="Reason">Why it matches or not ("tagged 'Big Society'", "it has no tags").</param>
/// <param name="Advice">What to do for it to match, when it does not.</param>
public sealed record PostPreview(string Title, string? Link, DateTimeOffset? Published, IReadOnlyList<string> Tags, bool Matches, string Reason, string? Advice);

/// <summary>Which field of the registration a refusal is about, so a form can mark it.</summary>
public enum RegistrationField { None, Name, Url }

/// <summary>A registration refused; the message says what to fix.</summary>
public class RegistrationException(string message, RegistrationField field = RegistrationField.None) : Exception(message)
{
    public RegistrationField Field { get; } = field;
}

/// <summary>
/// The feed is registered already. The message names no one: whoever registered it, and whether they were approved,
/// is not a stranger's business. <see cref="Existing"/> is for the code that offers the owner a new private link.
/// </summary>
public sealed class AlreadyRegisteredException(Contributor existing) : RegistrationException(
    "This feed is registered here already. If it is yours, use the private link you were given when you registered it; " +
    "lost it? Ask for a new one below, by showing that the feed is yours.", RegistrationField.Url)
{
    public Contributor Existing { get; } = existing;
}

/// <summary>Registration is closed for now (too many waiting for a moderator); the sender may try again after <see cref="RetryAfter"/>.</summary>
public sealed class RegistrationBusyException(string message, TimeSpan retryAfter) : RegistrationException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
