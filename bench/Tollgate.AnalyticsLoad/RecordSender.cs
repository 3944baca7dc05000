using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Tollgate.LoadHarness;
using Tollgate.ScaleOutLoad;

namespace Tollgate.AnalyticsLoad;

/// <summary>
/// Sends bodies of records to <c>POST /api/v1/requests</c> from <see cref="Clients"/> concurrent clients, each with one
/// request in flight, as the load harness's bulk runner does. A 201 is the server's acknowledgement that the records
/// (and their rollups) are committed; anything else stops the load.
/// </summary>
internal sealed class RecordSender(AnalyticsServer server) : IDisposable
{
    public const int Clients = 4;

    private static readonly Uri ReportPath = new("/api/v1/requests", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    private readonly HttpClient[] _clients = Enumerable.Range(0, Clients).Select(_ => LoadClients.Create(server.BaseAddress, server.IngestKey)).ToArray();

    /// <summary>
    /// Sends bodies 0 to <paramref name="bodies"/> − 1, each <paramref name="body"/>(index) holding
    /// <paramref name="recordsPerBody"/> records, within <paramref name="limit"/>. With <paramref name="progress"/>,
    /// says how far it got every 30 s.
    /// </summary>
    public async Task<LoadResult> RunAsync(
        int bodies, Func<int, byte[]> body, int recordsPerBody, TimeSpan limit, TextWriter? progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var next = -1;
        long records = 0;
        var serverCpu = server.Node.CpuTime();
        var clientCpu = Environment.CpuUsage.TotalTime;
        var machine = MachineCpu.Sample();
        var started = Stopwatch.GetTimestamp();
        var senders = _clients.Select(client => Task.Run(
            async () =>
            {
                for (var b = Interlocked.Increment(ref next); b < bodies; b = Interlocked.Increment(ref next))
                {
                    using var content = new ByteArrayContent(body(b));
                    content.Headers.ContentType = Json;
                    using var response = await client.PostAsync(ReportPath, content, deadline.Token);
                    var answer = await response.Content.ReadAsStringAsync(deadline.Token);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"POST {ReportPath} answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 600)]}");
                    }

                    Interlocked.Add(ref records, recordsPerBody);
                }
            },
            deadline.Token)).ToArray();

        try
        {
            var all = Task.WhenAll(senders);
            while (progress is not null && await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None)) != all)
            {
                var stored = Interlocked.Read(ref records);
                progress.WriteLine($"  {stored:N0} of {(long)bodies * recordsPerBody:N0} records, {stored / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} records/s so far");
            }

            await all;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The senders did not post {bodies:N0} bodies within {limit.TotalSeconds:N0} s.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}{server.Node.OutputTail()}", ex);
        }

        return new LoadResult(
            records,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            (server.Node.CpuTime() - serverCpu).TotalSeconds,
            (Environment.CpuUsage.TotalTime - clientCpu).TotalSeconds,
            MachineCpu.Sample().BusyFractionSince(machine));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
