using System.Net;
using Clipping.Feeds.Fetching;

namespace Clipping.Tests.Feeds.Fetching;

public sealed class NetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Internal_addresses_are_refused(string address) => Assert.True(NetworkGuard.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address) => Assert.False(NetworkGuard.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("ftp://example.org/feed", "http://")]
    [InlineData("http://example.org:8080/feed", "Port 8080")]
    [InlineData("http://127.0.0.1/feed", "private")]
    public void Urls_are_checked_before_any_request(string url, string expected) =>
        Assert.Contains(expected, NetworkGuard.CheckUrl(new Uri(url), new FetchOptions()));

    [Theory]
    [InlineData("169.254.169.254")]   // AWS, Azure, GCP, DigitalOcean instance metadata
    [InlineData("169.254.170.2")]     // AWS ECS task credentials
    [InlineData("169.254.169.253")]   // AWS DNS resolver
    [InlineData("169.254.169.123")]   // AWS time service
    [InlineData("168.63.129.16")]     // Azure WireServer and DNS
    [InlineData("100.100.100.200")]   // Alibaba Cloud metadata
    [InlineData("192.0.0.192")]       // Oracle Cloud metadata
    [InlineData("fd00:ec2::254")]     // AWS IPv6 metadata
    [InlineData("fd00:ec2::253")]     // AWS IPv6 DNS
    [InlineData("::ffff:168.63.129.16")]
    [InlineData("64:ff9b::a9fe:a9fe")]      // 169.254.169.254 through NAT64
    [InlineData("64:ff9b:1::a83f:8110")]    // 168.63.129.16 through local-use NAT64
    [InlineData("fd20:ce::254")]            // GCP IPv6 metadata
    [InlineData("fe80::a9fe:a9fe")]         // IPv6 link-local
    public void Cloud_platform_addresses_are_refused_even_where_private_networks_are_allowed(string address)
    {
        Assert.True(NetworkGuard.IsMetadata(IPAddress.Parse(address)));
        var host = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
        Assert.Contains("cloud platform service", NetworkGuard.CheckUrl(new Uri($"http://{host}/feed"), new FetchOptions { AllowPrivateNetworks = true }));
    }

    [Theory]
    [InlineData("168.63.129.17")]
    [InlineData("192.0.0.193")]
    [InlineData("fd00:ec3::254")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("10.0.0.1")]
    public void Neighbours_of_platform_addresses_are_only_private(string address) => Assert.False(NetworkGuard.IsMetadata(IPAddress.Parse(address)));

    [Fact]
    public void Private_networks_and_other_ports_are_allowed_separately()
    {
        var privateOnly = new FetchOptions { AllowPrivateNetworks = true };
        Assert.Null(NetworkGuard.CheckUrl(new Uri("http://127.0.0.1/feed"), privateOnly));
        // Allowing an intranet's addresses does not open its other services' ports.
        Assert.Contains("Port 6379 is not allowed", NetworkGuard.CheckUrl(new Uri("http://10.0.0.5:6379/feed"), privateOnly));
        Assert.Null(NetworkGuard.CheckUrl(new Uri("http://10.0.0.5:8080/feed"), new FetchOptions { AllowPrivateNetworks = true, AllowedPorts = [8080] }));
        Assert.Contains("80, 443 and 8080 only", NetworkGuard.CheckUrl(new Uri("http://10.0.0.5:8081/feed"), new FetchOptions { AllowPrivateNetworks = true, AllowedPorts = [8080] }));
        Assert.Null(NetworkGuard.CheckUrl(new Uri("http://10.0.0.5:6379/feed"), new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true }));
        // And ports alone do not open private addresses.
        Assert.Contains("private", NetworkGuard.CheckUrl(new Uri("http://10.0.0.5:8080/feed"), new FetchOptions { AllowAnyPort = true }));
        Assert.Null(NetworkGuard.CheckUrl(new Uri("http://feeds.example.org:8080/feed"), new FetchOptions { AllowAnyPort = true }));
    }
}
