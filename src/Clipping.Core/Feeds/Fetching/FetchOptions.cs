namespace Clipping.Feeds.Fetching;

/// <summary>How feeds are fetched (<c>Clipping:Fetch:*</c>).</summary>
public sealed class FetchOptions
{
    /// <summary>Sent with every request so site owners can see who is asking and how to reach us; the site URL is appended.</summary>
    public string UserAgent { get; set; } = "Clipping/1.0 (+https://github.com/clipping; feed aggregator)";

    /// <summary>Longest one feed may take, from connecting to the last byte.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest response body read; reading stops there and the fetch fails.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    public int MaxRedirects { get; set; } = 5;

    /// <summary>Feeds fetched at once in one refresh.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Requests to one host at once: many contributors on one blog platform must not look like an attack on it.</summary>
    public int MaxConcurrencyPerHost { get; set; } = 2;

    /// <summary>
    /// Whether loopback, private, link-local and other internal addresses may be fetched. Off by default: contributors
    /// supply URLs, so allowing it would let anyone make the server read its own network. Tests and the demo turn it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Ports feeds may be fetched from besides 80 and 443.</summary>
    public List<int> AllowedPorts { get; set; } = [];

    /// <summary>
    /// Whether any port may be used. Off by default, and separate from <see cref="AllowPrivateNetworks"/>: allowing an
    /// intranet's addresses should not also open every service port on them. Tests and the demo, whose feed servers
    /// listen on ports the system picks, turn it on.
    /// </summary>
    public bool AllowAnyPort { get; set; }
}
