using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Clipping.Feeds.Fetching;

/// <summary>
/// Fetches one feed politely (conditional GET, a User-Agent naming the site) and safely (each redirect hop checked,
/// a deadline, a size limit enforced while reading). Never throws for what a server does: every failure comes back
/// as a <see cref="FetchResult"/> with a reason a person understands.
/// </summary>
public sealed class FeedFetcher(HttpClient http, FetchOptions options)
{
    private static readonly MediaTypeWithQualityHeaderValue[] AcceptedTypes =
    [
        new("application/rss+xml"), new("application/atom+xml"), new("application/rdf+xml"), new("application/feed+json"),
        new("application/xml", 0.9), new("text/xml", 0.9), new("application/json", 0.8), new("text/html", 0.5), new("*/*", 0.1),
    ];

    private const long TrustedLength = 1024 * 1024;

    private readonly HostLimiter _hosts = new(options.MaxConcurrencyPerHost);

    public FetchOptions Options => options;

    public Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        FetchAsync(url, etag, lastModified, options.MaxBytes, cancellationToken);

    /// <summary>Fetches anything else through the same guards (an icon, say), refusing a body over <paramref name="maxBytes"/>.</summary>
    public async Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, long maxBytes, CancellationToken cancellationToken)
    {
        // The wait for a turn at the feed's busy host does not count against its own time limit; a wait for a connection
        // to a host it redirects to (bounded by the same setting) does.
        using var turn = await _hosts.EnterAsync(url.IdnHost, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await FollowAsync(url, etag, lastModified, maxBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failure(url, $"The server did not send the whole feed within {options.Timeout.TotalSeconds:0} seconds.");
        }
        catch (BlockedAddressException e)
        {
            return FetchResult.Failure(url, e.Message);
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failure(url, Describe(url, e));
        }
        catch (IOException e)
        {
            return FetchResult.Failure(url, $"The connection to {url.Host} broke while reading: {e.Message}");
        }
    }

    private async Task<FetchResult> FollowAsync(Uri url, string? etag, string? lastModified, long maxBytes, CancellationToken cancellationToken)
    {
        var current = url;
        var allPermanent = true;
        for (var hop = 0; ; hop++)
        {
            if (NetworkGuard.CheckUrl(current, options) is { } refusal) return FetchResult.Failure(current, refusal);

            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            // Checked once when the options are read (see FetchOptions); parsing it again per request was a visible
            // share of a refresh where every feed answers 304.
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            foreach (var type in AcceptedTypes) request.Headers.Accept.Add(type);
            // Validators belong to the URL they came from; after a redirect they may mean nothing.
            if (hop == 0 && etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (hop == 0 && lastModified is not null) request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);

            using var response = await SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && status != 304 && response.Headers.Location is { } location)
            {
                if (hop >= options.MaxRedirects)
                {
                    return FetchResult.Failure(url, $"Too many redirects (more than {options.MaxRedirects}): the feed address may loop.");
                }
                allPermanent &= response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                current = new Uri(current, location);
                continue;
            }

            var moved = allPermanent && hop > 0 ? current : null;
            return response.StatusCode switch
            {
                HttpStatusCode.NotModified => new FetchResult(FetchStatus.NotModified, current, response.StatusCode,
                    ETag: response.Headers.ETag?.ToString() ?? etag, LastModified: LastModifiedOf(response) ?? lastModified, MovedPermanentlyTo: moved,
                    Push: response.Headers.TryGetValues("Link", out var links) ? PushLinks.FromLinkHeaders(links, current) : null),
                HttpStatusCode.Gone => new FetchResult(FetchStatus.Gone, current, response.StatusCode,
                    Error: "The server says this feed is gone for good (410 Gone); polling has stopped."),
                _ when response.IsSuccessStatusCode => await ReadBodyAsync(response, current, moved, maxBytes, cancellationToken),
                _ => FetchResult.Failure(current, DescribeStatus(response), response.StatusCode, RetryAfterOf(response)),
            };
        }
    }

    private const int RetriesBeforeAnswer = 2;

    /// <summary>
    /// Sends a request, and again (up to <see cref="RetriesBeforeAnswer"/> times) if its connection broke before any
    /// byte of an answer arrived. Small HTTP/1.0 servers (Python's http.server, which closes after every answer) drop
    /// some connections of a burst unanswered, even at two connections at a time and with Connection: close, so not
    /// through reused connections; nothing was answered, and a GET is safe to repeat.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var copy = attempt == 0 ? null : Copy(request);
            try
            {
                return await http.SendAsync(copy ?? request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < RetriesBeforeAnswer && BrokeBeforeAnswer(e))
            {
                // A pause, longer each time, lets the server's queue drain; the jitter keeps a burst of retries apart.
                await Task.Delay(TimeSpan.FromMilliseconds((attempt + 1) * (150 + Random.Shared.Next(150))), cancellationToken);
            }
        }
    }

    // A request message can be sent only once.
    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return copy;
    }

    private static bool BrokeBeforeAnswer(HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.ResponseEnded) return true;
        // A reset surfaces with different categories depending on when it came; the socket's own error says what it was.
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset }) return true;
        }
        return false;
    }

    private async Task<FetchResult> ReadBodyAsync(HttpResponseMessage response, Uri url, Uri? moved, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes) return TooLarge(url, maxBytes);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Sized from the declared length, the body is read without growing or copying; only up to a size most feeds stay
            // under is taken on trust, so a server that declares more than it sends cannot make us hold memory for nothing.
            using var body = new MemoryStream((int)Math.Min(response.Content.Headers.ContentLength ?? 0, TrustedLength));
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes) return TooLarge(url, maxBytes);
                body.Write(buffer, 0, read);
            }
            var bytes = body.Capacity == body.Length ? body.GetBuffer() : body.ToArray();
            return new FetchResult(FetchStatus.Fetched, url, response.StatusCode,
                Body: bytes,
                ContentType: response.Content.Headers.ContentType?.ToString(),
                ETag: response.Headers.ETag?.ToString(),
                LastModified: LastModifiedOf(response),
                MovedPermanentlyTo: moved,
                Push: response.Headers.TryGetValues("Link", out var links) ? PushLinks.FromLinkHeaders(links, url) : null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private FetchResult TooLarge(Uri url, long maxBytes) => FetchResult.Failure(url, maxBytes == options.MaxBytes
        ? $"The feed is larger than {maxBytes / (1024 * 1024.0):0.#} MB, the most Clipping reads."
        : $"{url} is larger than {maxBytes / 1024.0:0.#} KB, the most Clipping reads for it.");

    private static string? LastModifiedOf(HttpResponseMessage response) =>
        response.Content.Headers.TryGetValues("Last-Modified", out var values) ? values.FirstOrDefault() : null;

    // A date is the server's clock; against its own Date header it gives the delay it means, whatever our clock says.
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
        _ => null,
    };

    private static string DescribeStatus(HttpResponseMessage response)
    {
        // The reason phrase is the server's own text, however hostile: one clean, short line of it.
        var code = $"{(int)response.StatusCode} {Content.OneLineText.Clean(response.ReasonPhrase ?? "", 60)}".Trim();
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => $"The feed address answered {code}: check the feed URL.",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"The server refused to send the feed ({code}): it may be private.",
            HttpStatusCode.TooManyRequests => $"The server asked us to slow down ({code}); the next attempt waits as it asked.",
            HttpStatusCode.ServiceUnavailable => $"The server is unavailable ({code}); it may be down for maintenance. Will try again.",
            >= HttpStatusCode.InternalServerError => $"The server had an error ({code}). Will try again.",
            _ => $"The server answered {code} instead of a feed.",
        };
    }

    private static string Describe(Uri url, HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"Could not connect to {url.Host}: the connection was refused.",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => $"The address {url.Host} could not be found (no such host in DNS).",
        SocketException s => $"Could not connect to {url.Host}: {s.Message}",
        System.Security.Authentication.AuthenticationException => $"The secure connection to {url.Host} failed (its certificate may be invalid or expired).",
        BlockedAddressException b => b.Message,
        // A server hanging up during the TLS handshake is an IOException too, but the handshake is what failed.
        IOException when e.HttpRequestError == HttpRequestError.SecureConnectionError => $"The secure connection to {url.Host} failed: the server closed it during the handshake.",
        IOException io => $"The connection to {url.Host} broke before the feed arrived: {io.Message}",
        _ => e.Message.StartsWith("The address", StringComparison.Ordinal) ? e.Message : $"Could not fetch from {url.Host}: {e.Message}",
    };
}
