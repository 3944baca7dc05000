using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>
/// Sends a request as raw bytes over TCP, for what <see cref="HttpClient"/> refuses to send: CR or LF inside a
/// header value, non-ASCII bytes, a header repeated on two lines.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <c>GET {path}</c> with <paramref name="headerLines"/> (each ending in CRLF) encoded as UTF-8, and reads
    /// the response head.
    /// </summary>
    public static async Task<RawResponse> GetAsync(Uri server, string path, string headerLines)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellation);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\n{headerLines}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellation);

        using var reader = new StreamReader(stream, Encoding.Latin1);
        var text = await reader.ReadToEndAsync(cancellation);
        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0], parts[1].Trim()))
            .ToList();
        return new RawResponse(status, headers);
    }
}
