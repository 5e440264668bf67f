using System.Net;
using System.Net.Sockets;

namespace Clipping.Feeds.Fetching;

/// <summary>
/// Builds the one HttpClient feeds are fetched with: decompression on, redirects followed by
/// <see cref="FeedFetcher"/> itself (so each hop is checked and permanent moves remembered), and a connect
/// step that refuses internal addresses unless the operator allows them.
/// </summary>
public static class FeedHttpClient
{
    /// <param name="resolver">Where host names are looked up; the system's DNS unless given.</param>
    public static HttpClient Create(FetchOptions options, IHostResolver? resolver = null)
    {
        resolver ??= DnsHostResolver.Instance;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Also bounds hosts reached by redirect, which the per-host gate (keyed by the first hop) does not see.
            MaxConnectionsPerServer = Math.Max(1, options.MaxConcurrencyPerHost),
            UseCookies = false,
            // No proxy, whatever HTTP_PROXY, HTTPS_PROXY or ALL_PROXY say: through a proxy the connect step below would
            // check the proxy's address, not the feed's, and an internal host name would go to the proxy unchecked.
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, options, resolver, cancellationToken),
        };
        return new HttpClient(handler)
        {
            // Each fetch has its own deadline (FetchOptions.Timeout); this one only backs it up.
            Timeout = options.Timeout + TimeSpan.FromSeconds(5),
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, FetchOptions options, IHostResolver resolver, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                throw new HttpRequestException($"The address {host} could not be found (no such host in DNS).");
            }
        }

        var allowed = addresses.Where(a => !NetworkGuard.IsMetadata(a) && (options.AllowPrivateNetworks || !NetworkGuard.IsInternal(a))).ToArray();
        if (allowed.Length == 0)
        {
            if (addresses.Length == 0) throw new HttpRequestException($"The address {host} could not be found (DNS gave no addresses).");
            throw new BlockedAddressException(NetworkGuard.IsMetadata(addresses[0])
                ? $"{host} resolves to {addresses[0]}, a cloud platform service (instance metadata, credentials or the platform's DNS), which Clipping never fetches."
                : $"{host} resolves to {addresses[0]}, a private or local network address, which Clipping does not fetch (the site's operator can allow them with {NetworkGuard.PrivateNetworksSetting}).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The check above and this connect use the same resolved addresses: no second lookup can swap them.
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
