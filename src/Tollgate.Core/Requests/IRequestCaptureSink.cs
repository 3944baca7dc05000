namespace Tollgate.Core.Requests;

/// <summary>
/// Where the gateway hands captured exchanges: a bounded queue drained by a background writer, so the proxy never
/// waits for the store. When the queue is full the configured policy applies (drop and count, or wait for room).
/// </summary>
public interface IRequestCaptureSink
{
    /// <summary>
    /// Queues a record. Never throws for a full queue: with the drop policy the record is counted as dropped and the
    /// call completes at once; with the block policy it completes when there is room (or the token is cancelled).
    /// </summary>
    ValueTask CaptureAsync(RequestRecord record, CancellationToken cancellationToken);
}
