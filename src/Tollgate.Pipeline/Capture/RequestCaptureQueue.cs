using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Capture;

/// <summary>
/// The in-process buffer between the gateway and the request store: a bounded channel drained by the single
/// <see cref="RequestCaptureWriter"/>. A capture that fits completes synchronously without allocating; a full queue
/// applies <see cref="CaptureQueueOptions.FullMode"/> (drop and count by default, or wait for room).
/// </summary>
/// <remarks>
/// Thread-safe: any number of requests capture concurrently. Counters are kept with <see cref="Interlocked"/> and read
/// through <see cref="GetStatistics"/> or the <see cref="CaptureMetrics.MeterName"/> meter's instruments, which
/// observe the same counters, so counting costs the hot path nothing beyond one atomic increment.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is the capture queue the design and the options name; it is not meant to look like a collection.")]
public sealed class RequestCaptureQueue : IRequestCaptureSink
{
    private readonly Channel<RequestRecord> _channel;
    private readonly int _capacity;
    private readonly bool _block;
    private long _enqueued;
    private long _dropped;
    private long _written;
    private long _failed;
    private volatile bool _completed;

    /// <summary>Creates the queue and registers its instruments on the <see cref="CaptureMetrics.MeterName"/> meter of <paramref name="meterFactory"/>.</summary>
    public RequestCaptureQueue(IOptions<CaptureQueueOptions> options, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        var settings = options.Value;
        _capacity = settings.Capacity;
        _block = settings.FullMode == CaptureQueueFullMode.Block;

        // Wait, not DropWrite: with DropWrite a refused TryWrite reports success, and the drop could not be counted.
        _channel = Channel.CreateBounded<RequestRecord>(new BoundedChannelOptions(settings.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var meter = meterFactory.Create(CaptureMetrics.MeterName);
        meter.CreateObservableCounter(CaptureMetrics.Enqueued, () => Interlocked.Read(ref _enqueued), "{record}", "Captured requests accepted into the queue.");
        meter.CreateObservableCounter(CaptureMetrics.Dropped, () => Interlocked.Read(ref _dropped), "{record}", "Captured requests dropped: queue full, wait cancelled, or queue stopped.");
        meter.CreateObservableCounter(CaptureMetrics.Written, () => Interlocked.Read(ref _written), "{record}", "Captured requests committed by the store or added to the request stream.");
        meter.CreateObservableCounter(CaptureMetrics.Failed, () => Interlocked.Read(ref _failed), "{record}", "Captured requests given up on after failed writes or an expired shutdown.");
        meter.CreateObservableGauge(CaptureMetrics.QueueDepth, () => _channel.Reader.Count, "{record}", "Captured requests waiting for the writer.");
    }

    /// <summary>The records in order, for the single writer.</summary>
    internal ChannelReader<RequestRecord> Reader => _channel.Reader;

    /// <summary>
    /// Queues a record. With the drop policy, or once the queue has stopped, a record that does not fit is counted as
    /// dropped and the call completes at once. With the block policy the call waits for room; a cancelled wait counts
    /// the record as dropped and completes without throwing, since the exchange it describes is already over.
    /// </summary>
    public ValueTask CaptureAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _enqueued);
            return default;
        }

        if (!_block || _completed)
        {
            Interlocked.Increment(ref _dropped);
            return default;
        }

        return WaitForRoomAsync(record, cancellationToken);
    }

    /// <summary>The counters now; see <see cref="CaptureQueueStatistics"/> for how exact they are under load.</summary>
    public CaptureQueueStatistics GetStatistics() => new(
        _capacity,
        _channel.Reader.Count,
        Interlocked.Read(ref _enqueued),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _written),
        Interlocked.Read(ref _failed));

    /// <summary>Stops taking records (later captures are dropped); what is queued stays for the writer to drain.</summary>
    internal void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
    }

    internal void RecordWritten(int count) => Interlocked.Add(ref _written, count);

    internal void RecordFailed(int count) => Interlocked.Add(ref _failed, count);

    private async ValueTask WaitForRoomAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(record, cancellationToken);
            Interlocked.Increment(ref _enqueued);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _dropped);
        }
        catch (ChannelClosedException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
