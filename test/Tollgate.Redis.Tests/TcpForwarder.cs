using System.Net;
using System.Net.Sockets;

namespace Tollgate.Redis.Tests;

/// <summary>
/// Listens on a loopback port and pipes every connection to another endpoint: a Redis that "comes back" when a test
/// starts the forwarder on a port the client has been failing to reach.
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly EndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public TcpForwarder(int port, EndPoint target)
    {
        this.target = target;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stopping.Token);
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await server.ConnectAsync(target, stopping.Token);
                await using var clientStream = new NetworkStream(client);
                await using var serverStream = new NetworkStream(server);
                await Task.WhenAny(
                    clientStream.CopyToAsync(serverStream, stopping.Token),
                    serverStream.CopyToAsync(clientStream, stopping.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // One side went away; closing both ends is all there is to do.
            }
        }
    }
}
