using System.Globalization;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Where the server listens when nothing else says: <c>http://127.0.0.1:5080</c>, or <c>http://127.0.0.1:$PORT</c>.
/// Loopback only until authentication exists; <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) binds anything else.
/// </summary>
internal static class ListenAddress
{
    public const int DefaultPort = 5080;

    /// <summary>The address to bind, or null when the configuration already names one (<c>urls</c>, <c>http_ports</c>).</summary>
    /// <exception cref="InvalidOperationException"><c>PORT</c> is not a port number.</exception>
    public static string? Resolve(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"]) || !string.IsNullOrEmpty(configuration["https_ports"]))
        {
            return null;
        }

        var port = DefaultPort;
        if (configuration["PORT"] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"PORT must be a TCP port number from 1 to 65535; it is \"{text}\".");
        }

        return string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
    }
}
