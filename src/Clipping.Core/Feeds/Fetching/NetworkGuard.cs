using System.Net;
using System.Net.Sockets;

namespace Clipping.Feeds.Fetching;

/// <summary>
/// Decides which addresses a feed may be fetched from. It is applied to the address actually being connected to
/// (see <see cref="FeedHttpClient"/>), so a hostname that resolves to a public address at registration and a private
/// one at fetch time (DNS rebinding) is still refused.
/// </summary>
public static class NetworkGuard
{
    /// <summary>True for loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local, multicast and unspecified addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,          // 100.64.0.0/10 carrier-grade NAT
                169 => b[1] == 254,                         // link-local, where cloud metadata lives
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0) || (b[1] == 0 && b[2] == 2),
                198 => b[1] == 18 || b[1] == 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                             // multicast and reserved
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return true;
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return true;
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if ((b[0] & 0xFE) == 0xFC) return true;         // fc00::/7 unique local, including fd00:ec2::254
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return true; // documentation
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return true; // NAT64 could reach IPv4 internals
            return false;
        }
        return true;
    }

    // Cloud platforms' own services on the instance's network hand out credentials, configuration and DNS; no feed lives
    // there, so they stay refused even when the operator allows private networks. From the providers' documentation:
    // all of IPv4 link-local (169.254.0.0/16: instance metadata on AWS, Azure, GCP, DigitalOcean and others, ECS task
    // credentials, the AWS DNS resolver and time service), Azure's WireServer and DNS (168.63.129.16), Alibaba's
    // metadata (100.100.100.200), Oracle Cloud's metadata (192.0.0.192), AWS's IPv6 metadata, DNS and time service
    // (fd00:ec2::/64), GCP's IPv6 metadata (fd20:ce::254), and all of IPv6 link-local (fe80::/10). An IPv4 address
    // written as NAT64 (64:ff9b::/96, 64:ff9b:1::/48) is judged as the address it stands for.
    private static readonly IPAddress[] PlatformAddresses =
    [
        IPAddress.Parse("168.63.129.16"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("192.0.0.192"),
    ];

    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata.azure.internal", "metadata", "instance-data", "instance-data.ec2.internal"];

    /// <summary>True for cloud platform services (metadata, credentials, the platform's DNS), which are never fetched whatever the settings.</summary>
    public static bool IsMetadata(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var length);
        if (length == 4) return (b[0] == 169 && b[1] == 254) || PlatformAddresses.Contains(address);
        if (Nat64Embedded(b) is { } embedded) return IsMetadata(embedded);
        if (address.IsIPv6LinkLocal) return true;
        var fd00Ec2 = b[0] == 0xFD && b[1] == 0x00 && b[2] == 0x0E && b[3] == 0xC2 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0;
        var fd20Ce = b[0] == 0xFD && b[1] == 0x20 && b[2] == 0x00 && b[3] == 0xCE && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0;
        return fd00Ec2 || fd20Ce;
    }

    // The well-known NAT64 prefix (64:ff9b::/96) and the local-use one (64:ff9b:1::/48) carry an IPv4 address in their last four bytes.
    private static IPAddress? Nat64Embedded(ReadOnlySpan<byte> b)
    {
        var wellKnown = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0;
        var localUse = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01;
        return wellKnown || localUse ? new IPAddress(b[12..16]) : null;
    }

    /// <summary>The settings the refusals name, in their environment form, as an operator sets them.</summary>
    public const string AllowedPortsSetting = "Clipping__Fetch__AllowedPorts";
    public const string PrivateNetworksSetting = "Clipping__Fetch__AllowPrivateNetworks";

    /// <summary>Why a URL may not be fetched at all (scheme, port, a metadata endpoint), or null when it may be tried.</summary>
    public static string? CheckUrl(Uri url, FetchOptions options)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"Only http:// and https:// addresses can be fetched, not '{url}'.";
        }
        if (!options.AllowAnyPort && url.Port is not (80 or 443) && !options.AllowedPorts.Contains(url.Port))
        {
            return options.AllowedPorts.Count == 0
                ? $"Port {url.Port} is not allowed: feeds are fetched from ports 80 and 443 only (the site's operator can add it to {AllowedPortsSetting})."
                : $"Port {url.Port} is not allowed: feeds are fetched from ports 80, 443 and {string.Join(", ", options.AllowedPorts)} only (the site's operator can add it to {AllowedPortsSetting}).";
        }
        if (MetadataHosts.Contains(url.Host.TrimEnd('.'), StringComparer.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(url.Host.Trim('[', ']'), out var metadata) && IsMetadata(metadata)))
        {
            return $"{url.Host} is a cloud platform service (instance metadata, credentials or the platform's DNS), which Clipping never fetches.";
        }
        if (!options.AllowPrivateNetworks && IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && IsInternal(literal))
        {
            return $"{url.Host} is a private or local network address, which Clipping does not fetch (the site's operator can allow them with {PrivateNetworksSetting}).";
        }
        return null;
    }
}

/// <summary>Raised when a connection is refused by <see cref="NetworkGuard"/>; its message is meant for people.</summary>
public sealed class BlockedAddressException(string message) : IOException(message);
