using System.Net;
using System.Net.Sockets;

namespace Clipping.Tests.TestSupport;

/// <summary>A loopback port nothing listens on now, for a server that must know its address before it starts.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
