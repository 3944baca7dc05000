namespace Tollgate.Server.Pipeline;

/// <summary>The capture queue's counters since the process started.</summary>
/// <param name="FullMode">What a full queue does: <c>drop</c> (count and go on) or <c>block</c> (wait for room).</param>
/// <param name="Capacity">Most records the queue holds.</param>
/// <param name="Depth">Records waiting for the writer now.</param>
/// <param name="Enqueued">Records accepted.</param>
/// <param name="Dropped">Records lost because the queue was full (or a blocked wait was cancelled).</param>
/// <param name="Written">Records the store committed.</param>
/// <param name="Failed">Records given up on after failed writes.</param>
public sealed record CaptureQueueStatusResponse(string FullMode, int Capacity, int Depth, long Enqueued, long Dropped, long Written, long Failed);
