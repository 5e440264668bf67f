using System.Net;

namespace Clipping.Feeds.Fetching;

public enum FetchStatus
{
    /// <summary>A body arrived.</summary>
    Fetched,
    /// <summary>304: the copy we have is current.</summary>
    NotModified,
    /// <summary>410: the feed is gone for good; stop polling.</summary>
    Gone,
    /// <summary>Anything else; <see cref="FetchResult.Error"/> says what, for people.</summary>
    Failed,
}

/// <summary>What one request for a feed came back with.</summary>
/// <param name="FinalUrl">Where the body came from, after redirects.</param>
/// <param name="MovedPermanentlyTo">Set when every redirect on the way was permanent (301/308): the URL to remember.</param>
/// <param name="RetryAfter">From a 429/503's Retry-After header: how long the server asks us to stay away.</param>
public sealed record FetchResult(
    FetchStatus Status,
    Uri FinalUrl,
    HttpStatusCode? HttpStatus = null,
    byte[]? Body = null,
    string? ContentType = null,
    string? ETag = null,
    string? LastModified = null,
    Uri? MovedPermanentlyTo = null,
    string? Error = null,
    TimeSpan? RetryAfter = null,
    PushLinks? Push = null)
{
    public static FetchResult Failure(Uri url, string error, HttpStatusCode? status = null, TimeSpan? retryAfter = null) =>
        new(FetchStatus.Failed, url, status, Error: error, RetryAfter: retryAfter);
}
