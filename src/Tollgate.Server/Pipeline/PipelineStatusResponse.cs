using Tollgate.Pipeline.Capture;

namespace Tollgate.Server.Pipeline;

/// <summary>The pipeline's state as <c>GET /api/v1/pipeline</c> shows it.</summary>
/// <param name="Capture">The gateway's capture queue.</param>
public sealed record PipelineStatusResponse(CaptureQueueStatusResponse Capture)
{
    internal static PipelineStatusResponse From(CaptureQueueStatistics statistics, CaptureQueueOptions options) =>
        new(new CaptureQueueStatusResponse(
            options.FullMode.ToString().ToLowerInvariant(),
            statistics.Capacity,
            statistics.Depth,
            statistics.Enqueued,
            statistics.Dropped,
            statistics.Written,
            statistics.Failed));
}
