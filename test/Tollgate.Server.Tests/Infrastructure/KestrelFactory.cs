using System.Net;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>The server on real Kestrel, on a free loopback port, for tests that need real HTTP streaming.</summary>
public sealed class KestrelFactory : TollgateFactory
{
    public KestrelFactory()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
    }
}
