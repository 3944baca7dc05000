using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tollgate.LoadHarness;

/// <summary>
/// SINGLE: <c>POST /events</c> with seed 002's own example body from <see cref="Clients"/> concurrent clients, each
/// with one request in flight, for a fixed time after a warm-up. Latencies go into one preallocated array (no
/// allocation per sample); when it is full the run stops early, so memory is bounded whatever the rate.
/// </summary>
internal sealed class SingleEventRunner(Uri baseAddress, string apiKey) : IDisposable
{
    public const int Clients = 32;
    private const int MaxSamples = 4_000_000;
    private static readonly Uri EventsPath = new("/events", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // The body of seed 002's curl example, compacted.
    private static readonly byte[] SeedExample = """
        {"user_id":"1","event_type":"account_deleted","timestamp":"2024-01-01T00:00:00Z","src_service":"user_service","invariant_data":{"message":"User deleted account","priority":2,"trace":"trace_id_789"},"app_data":{"username":"jondoe","email":"jondoe@example.com"}}
        """u8.ToArray();

    private readonly HttpClient[] _clients = Enumerable.Range(0, Clients).Select(_ => LoadClients.Create(baseAddress, apiKey)).ToArray();

    public async Task<LatencyResult> RunAsync(TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        await RunPhaseAsync(warmup, samples: null, cancellationToken);
        var samples = new long[MaxSamples];
        var (count, errors, seconds) = await RunPhaseAsync(duration, samples, cancellationToken);
        var recorded = samples.AsSpan(0, (int)Math.Min(count, MaxSamples));
        recorded.Sort();
        double Milliseconds(long ticks) => ticks * 1_000.0 / Stopwatch.Frequency;
        return new LatencyResult(
            Clients,
            seconds,
            recorded.Length,
            errors,
            Milliseconds(Statistics.Percentile(recorded, 50)),
            Milliseconds(Statistics.Percentile(recorded, 99)),
            Milliseconds(recorded.IsEmpty ? 0 : recorded[^1]));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task<(long Count, long Errors, double Seconds)> RunPhaseAsync(TimeSpan length, long[]? samples, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(length.TotalSeconds * Stopwatch.Frequency);
        long next = -1;
        long errors = 0;
        var clients = _clients.Select(client => Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var sent = Stopwatch.GetTimestamp();
                    if (sent >= end)
                    {
                        return;
                    }

                    using var content = new ByteArrayContent(SeedExample);
                    content.Headers.ContentType = Json;
                    HttpStatusCode status;
                    try
                    {
                        using var response = await client.PostAsync(EventsPath, content, cancellationToken);
                        await response.Content.LoadIntoBufferAsync(cancellationToken);
                        status = response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        status = 0;
                    }
                    catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The client's own timeout: counted as an error, the run goes on.
                        status = 0;
                    }

                    var latency = Stopwatch.GetTimestamp() - sent;
                    if (status != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }

                    if (samples is not null)
                    {
                        var slot = Interlocked.Increment(ref next);
                        if (slot >= samples.Length)
                        {
                            return;
                        }

                        samples[slot] = latency;
                    }
                }
            },
            cancellationToken)).ToArray();
        await Task.WhenAll(clients);
        return (Math.Min(next + 1, samples?.Length ?? 0), errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
