namespace Tollgate.Server.Pipeline;

/// <summary>The pipeline's state as <c>GET /api/v1/pipeline</c> shows it.</summary>
/// <param name="Transport"><c>inprocess</c> (embedded) or <c>redis</c> (scaled out).</param>
/// <param name="Capture">This node's capture queue; null on a node without the gateway role.</param>
/// <param name="Streams">The Redis streams, as every node sees them; null when embedded or when Redis cannot be reached.</param>
/// <param name="StreamsError">Why <paramref name="Streams"/> is missing on a scaled-out node; null otherwise.</param>
public sealed record PipelineStatusResponse(string Transport, CaptureQueueStatusResponse? Capture, IReadOnlyList<StreamStatusResponse>? Streams, string? StreamsError);
