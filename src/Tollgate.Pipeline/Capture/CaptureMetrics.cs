namespace Tollgate.Pipeline.Capture;

/// <summary>
/// The names of the capture queue's <see cref="System.Diagnostics.Metrics"/> instruments, for exporters and
/// dashboards. The counters are cumulative since start; all count records (unit <c>{record}</c>).
/// </summary>
public static class CaptureMetrics
{
    /// <summary>The meter every pipeline instrument belongs to.</summary>
    public const string MeterName = "Tollgate.Pipeline";

    /// <summary>Counter: records accepted into the queue.</summary>
    public const string Enqueued = "tollgate.capture.enqueued";

    /// <summary>Counter: records dropped (full queue under the drop policy, cancelled wait, or stopped queue).</summary>
    public const string Dropped = "tollgate.capture.dropped";

    /// <summary>Counter: records handed on durably: committed by the store (embedded) or added to the request stream (scaled out).</summary>
    public const string Written = "tollgate.capture.written";

    /// <summary>Counter: records given up on after every write attempt failed, or left unwritten when shutdown ran out of time.</summary>
    public const string Failed = "tollgate.capture.failed";

    /// <summary>Gauge: records waiting for the writer.</summary>
    public const string QueueDepth = "tollgate.capture.queue_depth";
}
