using System.Net.Sockets;
using System.Text;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>Sends bytes HttpClient refuses to send (CR or LF inside a header) over a plain socket.</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as ASCII and returns what the server answered before closing (at most 5 s).</summary>
    public static async Task<string> SendAsync(Uri server, string request)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var buffer = new byte[8192];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
