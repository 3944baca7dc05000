using System.Net;

namespace Tollgate.Gateway;

/// <summary>
/// Gateway-wide settings, bound from <c>Gateway</c>. Routes and clusters live beside them in YARP's own schema
/// (<c>Gateway:Routes</c>, <c>Gateway:Clusters</c>), capture defaults in <c>Gateway:Capture</c>, the encryption key
/// ring in <c>Gateway:Encryption</c>.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) and networks (<c>10.0.0.0/8</c>) of proxies in front of Tollgate whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Default none: the connection's address is
    /// the client's, and a client cannot pretend to be another by sending the header.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Parses <paramref name="value"/> as an address or a CIDR network; false when it is neither.</summary>
    public static bool TryParseProxy(string? value, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(value, out network);
        }

        if (!IPAddress.TryParse(value, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
