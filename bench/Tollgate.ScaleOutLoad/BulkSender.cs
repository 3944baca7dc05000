using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// Sends pre-serialised bodies to <c>POST /api/v1/logs/bulk</c> from <see cref="Senders"/> concurrent clients, each
/// with one request in flight, and returns when the last one is acknowledged. With the Redis transport a 202 means the
/// batch is in the stream (durable in Redis's AOF); anything else stops the measurement.
/// </summary>
internal sealed class BulkSender : IDisposable
{
    private static readonly Uri BulkPath = new("/api/v1/logs/bulk", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient[] clients;

    public BulkSender(Uri baseAddress, string accessToken, int senders)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
        {
            throw new ArgumentException("The benchmark only talks to 127.0.0.1.", nameof(baseAddress));
        }

        clients = Enumerable.Range(0, senders).Select(_ => Create(baseAddress, accessToken)).ToArray();
    }

    public int Senders => clients.Length;

    /// <summary>
    /// Sends every body once; returns the <see cref="Stopwatch"/> timestamp of the last acknowledgement. Throws with the
    /// answer when one is not a 202, and a <see cref="TimeoutException"/> when <paramref name="limit"/> passes first.
    /// </summary>
    public async Task<long> SendAsync(IReadOnlyList<byte[]> bodies, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var next = -1;
        long lastAcknowledged = 0;
        var senders = clients.Select(client => Task.Run(
            async () =>
            {
                for (var b = Interlocked.Increment(ref next); b < bodies.Count; b = Interlocked.Increment(ref next))
                {
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = Json;
                    using var response = await client.PostAsync(BulkPath, content, deadline.Token);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        var answer = await response.Content.ReadAsStringAsync(deadline.Token);
                        throw new InvalidOperationException($"POST {BulkPath} answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 600)]}");
                    }

                    await response.Content.LoadIntoBufferAsync(deadline.Token);
                    InterlockedMax(ref lastAcknowledged, Stopwatch.GetTimestamp());
                }
            },
            deadline.Token)).ToArray();

        try
        {
            await Task.WhenAll(senders);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The senders did not post {bodies.Count:N0} bodies within {limit.TotalSeconds:N0} s.");
        }

        return lastAcknowledged;
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static HttpClient Create(Uri baseAddress, string accessToken)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
