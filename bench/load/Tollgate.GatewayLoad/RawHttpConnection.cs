using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.GatewayLoad;

/// <summary>
/// One kept-alive HTTP/1.1 connection that sends pre-built request bytes and reads the response just far enough to
/// know its status and where it ends (Content-Length or chunked). Much cheaper than HttpClient, so the fixed-rate
/// client takes little of the CPU it shares with the target. Not thread-safe: one request at a time.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private RawHttpConnection(Socket socket) => _socket = socket;

    /// <summary>True once the server asked to close (Connection: close); the caller opens a new connection.</summary>
    public bool Closed { get; private set; }

    public static async Task<RawHttpConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new RawHttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole response; returns its status code.</summary>
    /// <exception cref="IOException">The connection closed or the response is not HTTP/1.1 as expected.</exception>
    public async ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            request = request[sent..];
        }

        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var (status, contentLength, chunked) = ParseHead(_buffer.AsSpan(_start, headerEnd));
        _start += headerEnd + 4;
        if (chunked)
        {
            await SkipChunkedAsync(cancellationToken);
        }
        else
        {
            await SkipAsync(contentLength, cancellationToken);
        }

        return status;
    }

    public void Dispose() => _socket.Dispose();

    private (int Status, long ContentLength, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new IOException("The response does not start with an HTTP/1.x status line.");
        }

        long contentLength = 0;
        var chunked = false;
        while (head.IndexOf("\r\n"u8) is var lineEnd and >= 0)
        {
            head = head[(lineEnd + 2)..];
            var line = head.IndexOf("\r\n"u8) is var next and >= 0 ? head[..next] : head;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out var used) || used != value.Length || contentLength < 0)
                {
                    throw new IOException("The response has an invalid Content-Length.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                Closed = true;
            }
        }

        return (status, contentLength, chunked);
    }

    private async ValueTask SkipChunkedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            var extension = line.IndexOf(';');
            var size = Convert.ToInt64(extension >= 0 ? line[..extension] : line, 16);
            if (size == 0)
            {
                // Trailers, then the empty line.
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return;
            }

            await SkipAsync(size + 2, cancellationToken);
        }
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var line = Encoding.ASCII.GetString(_buffer, _start, end).Trim();
        _start += end + 2;
        return line;
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw new IOException($"A response head is over {BufferSize:N0} bytes.");
            }

            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
