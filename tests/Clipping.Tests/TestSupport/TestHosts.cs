using System.Net;
using System.Net.Sockets;
using Clipping.Feeds.Fetching;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// The fetcher's resolver in tests: names the test chooses, each given a loopback address (all of 127.0.0.0/8 is this
/// machine), and "localhost". Any other name is "not found" here, never asked of the machine's DNS.
/// </summary>
public sealed class TestHosts : IHostResolver
{
    private readonly Dictionary<string, Func<IPAddress[]>> _names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["localhost"] = () => [IPAddress.Loopback],
    };

    /// <summary>Every lookup of <paramref name="name"/>, from now on, gives <paramref name="addresses"/>.</summary>
    public TestHosts Add(string name, params IPAddress[] addresses)
    {
        lock (_names) _names[name] = () => addresses;
        return this;
    }

    /// <summary>Each lookup of <paramref name="name"/> gives the next answer in turn (the last one from then on), as a rebinding DNS server would.</summary>
    public TestHosts AddChanging(string name, params IPAddress[][] answers)
    {
        var next = 0;
        lock (_names) _names[name] = () => answers[Math.Min(Interlocked.Increment(ref next) - 1, answers.Length - 1)];
        return this;
    }

    public IReadOnlyList<string> Asked => _asked;

    private readonly List<string> _asked = [];

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (_names)
        {
            _asked.Add(host);
            return _names.TryGetValue(host.TrimEnd('.'), out var answer)
                ? Task.FromResult(answer())
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }
}
