using System.Net;
using System.Net.Sockets;

namespace Clipping.Feeds.Fetching;

/// <summary>
/// Turns a feed's host name into the addresses the connect step checks and connects to. The system's DNS in
/// production; tests give names of their own to loopback addresses, so they never ask a real resolver.
/// </summary>
public interface IHostResolver
{
    /// <summary>The host's addresses; throws <see cref="SocketException"/> (host not found) for a name that has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public static readonly DnsHostResolver Instance = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
