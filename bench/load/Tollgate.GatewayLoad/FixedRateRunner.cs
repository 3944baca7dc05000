using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Tollgate.GatewayLoad;

/// <summary>
/// An open-loop load generator in the manner of wrk2: request <c>i</c> is due at <c>start + i / rate</c> whatever
/// happened before it; a scheduler thread releases due requests to a fixed set of kept-alive connections, and each
/// latency is measured from the due time to the last byte of the response. Requests due while every connection is
/// busy wait, and the wait counts. The first second is sent but not counted (connections, caches).
/// </summary>
internal static class FixedRateRunner
{
    private static readonly TimeSpan Unmeasured = TimeSpan.FromSeconds(1);

    /// <summary>Sends <paramref name="workload"/> to <paramref name="target"/> at <paramref name="rate"/> requests/s for one unmeasured second plus <paramref name="seconds"/>.</summary>
    public static async Task<FixedRateResult> RunAsync(
        Target target, Workload workload, string apiKey, double rate, int seconds, int connections, CancellationToken cancellationToken)
    {
        var request = Build(target.Url(workload), workload, apiKey);
        var endpoint = new IPEndPoint(IPAddress.Loopback, target.Process.Port);
        var skipped = (long)(rate * Unmeasured.TotalSeconds);
        var total = skipped + (long)(rate * seconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var latencies = new long[total];
        Array.Fill(latencies, -1);
        var due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Every request must be done this long after the last one was due, or the run is cut short and they count as errors.
        stop.CancelAfter(Unmeasured + TimeSpan.FromSeconds(seconds + 15));

        // Connected before the clock starts, so no connection set-up is measured; each worker then owns its connection.
        var connected = new List<RawHttpConnection>(connections);
        try
        {
            for (var i = 0; i < connections; i++)
            {
                connected.Add(await RawHttpConnection.ConnectAsync(endpoint, cancellationToken));
            }
        }
        catch
        {
            connected.ForEach(connection => connection.Dispose());
            throw;
        }

        var cpu = target.Process.CpuTime();
        var otherWork = OtherWork.Start();
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var workers = connected.Select(connection => Task.Run(() => WorkAsync(connection, endpoint, request, due.Reader, start, ticksPerRequest, latencies, stop.Token))).ToArray();
        var scheduler = new Thread(() => Schedule(due.Writer, start, ticksPerRequest, total, stop.Token)) { IsBackground = true, Name = "fixed-rate scheduler" };
        scheduler.Start();
        await Task.WhenAll(workers);
        scheduler.Join();
        cpu = target.Process.CpuTime() - cpu;
        var otherShare = otherWork.Share();
        cancellationToken.ThrowIfCancellationRequested();
        var failedUnmeasured = latencies.AsSpan(0, (int)skipped).Count(-1L);
        return Summarize(skipped - failedUnmeasured, latencies.AsSpan((int)skipped), cpu, otherShare);
    }

    private static FixedRateResult Summarize(long answeredUnmeasured, Span<long> measured, TimeSpan cpu, double otherWorkShare)
    {
        var errors = 0L;
        foreach (var latency in measured)
        {
            if (latency < 0)
            {
                errors++;
            }
        }

        measured.Sort();
        ReadOnlySpan<long> ok = measured[(int)errors..];
        return new FixedRateResult(
            answeredUnmeasured + ok.Length,
            ok.Length,
            errors,
            Microseconds(ok, 50),
            Microseconds(ok, 99),
            Microseconds(ok, 99.9),
            Microseconds(ok, 100),
            cpu,
            otherWorkShare);
    }

    // Nearest rank, of Stopwatch ticks sorted ascending; 0 when there are none.
    private static long Microseconds(ReadOnlySpan<long> sorted, double percentile) =>
        sorted.IsEmpty
            ? 0
            : (long)(sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)] * 1e6 / Stopwatch.Frequency);

    // A dedicated thread, so that releasing requests on time does not wait for the thread pool the connections use.
    private static void Schedule(ChannelWriter<long> writer, long start, double ticksPerRequest, long total, CancellationToken cancellationToken)
    {
        var next = 0L;
        var microsecondsPerTick = 1e6 / Stopwatch.Frequency;
        while (next < total && !cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < total && start + (long)(next * ticksPerRequest) <= now)
            {
                writer.TryWrite(next++);
            }

            if (next < total)
            {
                var wait = (start + (long)(next * ticksPerRequest) - now) * microsecondsPerTick;
                _ = NativeMethods.Usleep((uint)Math.Clamp(wait, 1, 1_000));
            }
        }

        writer.Complete();
    }

    // Ends when every due request has been taken, at the run's time limit, or when the target stops accepting
    // connections; requests it did not complete stay errors.
    private static async Task WorkAsync(
        RawHttpConnection connection, IPEndPoint endpoint, ReadOnlyMemory<byte> request, ChannelReader<long> due,
        long start, double ticksPerRequest, long[] latencies, CancellationToken cancellationToken)
    {
        try
        {
            while (await due.WaitToReadAsync(cancellationToken))
            {
                while (due.TryRead(out var index))
                {
                    var ok = false;
                    try
                    {
                        ok = await connection.ExchangeAsync(request, cancellationToken) is >= 200 and < 400;
                    }
                    catch (Exception ex) when (ex is IOException or SocketException)
                    {
                        connection.Dispose();
                        connection = await RawHttpConnection.ConnectAsync(endpoint, cancellationToken);
                    }

                    if (ok)
                    {
                        latencies[index] = Stopwatch.GetTimestamp() - (start + (long)(index * ticksPerRequest));
                    }

                    if (connection.Closed)
                    {
                        connection.Dispose();
                        connection = await RawHttpConnection.ConnectAsync(endpoint, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run's time limit.
        }
        catch (SocketException)
        {
            // A reconnect was refused.
        }
        finally
        {
            connection.Dispose();
        }
    }

    private static byte[] Build(Uri url, Workload workload, string apiKey)
    {
        var head = new StringBuilder()
            .Append(workload.Method).Append(' ').Append(url.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(url.Authority).Append("\r\n")
            .Append("Authorization: Bearer ").Append(apiKey).Append("\r\n");
        if (workload.Body is { } body)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. workload.Body ?? []];
    }
}
