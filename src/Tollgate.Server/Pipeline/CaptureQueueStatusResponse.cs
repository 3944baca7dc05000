using Tollgate.Pipeline.Capture;

namespace Tollgate.Server.Pipeline;

/// <summary>The capture queue's counters since the process started.</summary>
/// <param name="FullMode">What a full queue does: <c>drop</c> (count and go on) or <c>block</c> (wait for room).</param>
/// <param name="Capacity">Most records the queue holds.</param>
/// <param name="Depth">Records waiting for the writer now.</param>
/// <param name="Enqueued">Records accepted.</param>
/// <param name="Dropped">Records lost because the queue was full (or a blocked wait was cancelled).</param>
/// <param name="Written">Records handed on: committed to the store, or added to the Redis stream when scaled out.</param>
/// <param name="Failed">Records given up on after failed writes (the store or Redis unreachable).</param>
public sealed record CaptureQueueStatusResponse(string FullMode, int Capacity, int Depth, long Enqueued, long Dropped, long Written, long Failed)
{
    internal static CaptureQueueStatusResponse From(CaptureQueueStatistics statistics, CaptureQueueOptions options) =>
        new(
            options.FullMode.ToString().ToLowerInvariant(),
            statistics.Capacity,
            statistics.Depth,
            statistics.Enqueued,
            statistics.Dropped,
            statistics.Written,
            statistics.Failed);
}
