using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tollgate.LoadHarness;

/// <summary>
/// BULK: <c>POST /api/v1/logs/bulk</c> with pre-serialised 1,000-event bodies from <see cref="Clients"/> concurrent
/// clients, each with one request in flight. A 201 is the server's durable acknowledgement; anything else stops
/// the measurement.
/// </summary>
internal sealed class BulkApiRunner(ServerProcess server) : IDisposable
{
    public const int Clients = 4;

    private static readonly Uri BulkPath = new("/api/v1/logs/bulk", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient[] _clients = Enumerable.Range(0, Clients).Select(_ => LoadClients.Create(server.BaseAddress, server.ApiKey)).ToArray();

    public async Task<Throughput> RunAsync(IReadOnlyList<byte[]> bodies, int eventsPerBody, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var next = -1;
        long events = 0;
        var serverCpu = server.CpuTime();
        var clientCpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var clients = _clients.Select(client => Task.Run(
            async () =>
            {
                for (var b = Interlocked.Increment(ref next); b < bodies.Count; b = Interlocked.Increment(ref next))
                {
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = Json;
                    using var response = await client.PostAsync(BulkPath, content, deadline.Token);
                    var answer = await response.Content.ReadAsStringAsync(deadline.Token);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"POST {BulkPath} answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 600)]}");
                    }

                    Interlocked.Add(ref events, eventsPerBody);
                }
            },
            deadline.Token)).ToArray();

        try
        {
            await Task.WhenAll(clients);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"BULK did not post {bodies.Count:N0} bodies within {limit.TotalSeconds:N0} s.");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Throughput(events, seconds, (server.CpuTime() - serverCpu).TotalSeconds, (Environment.CpuUsage.TotalTime - clientCpu).TotalSeconds);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
