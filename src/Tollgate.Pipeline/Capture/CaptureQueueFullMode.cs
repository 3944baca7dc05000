namespace Tollgate.Pipeline.Capture;

/// <summary>What a capture does when the queue is full.</summary>
public enum CaptureQueueFullMode
{
    /// <summary>
    /// Drop the record and count it (<c>tollgate.capture.dropped</c>): the request never waits for storage, and the
    /// loss is visible. The default.
    /// </summary>
    Drop,

    /// <summary>
    /// Wait for room: nothing is lost while the writer keeps up, but a slow store slows the gateway's responses. A
    /// capture whose wait is cancelled is counted as dropped.
    /// </summary>
    Block,
}
