using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Pipeline.Capture;
using Tollgate.Server.Pipeline;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps <c>GET /api/v1/pipeline</c>: the state of the capture queue (depth, drops, failures) across all tenants, for
/// operators (platform admins). The same counters are published on the <c>Tollgate.Pipeline</c> meter.
/// </summary>
public static class PipelineApi
{
    /// <summary>Maps the pipeline status endpoint.</summary>
    public static IEndpointRouteBuilder MapTollgatePipelineApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/pipeline", GetStatus)
            .WithTags("Pipeline")
            .WithName("GetPipelineStatus")
            .WithSummary("Capture queue depth, drops and write failures")
            .RequireScope(Scopes.Platform);
        return endpoints;
    }

    private static Ok<PipelineStatusResponse> GetStatus(RequestCaptureQueue queue, IOptions<CaptureQueueOptions> options) =>
        TypedResults.Ok(PipelineStatusResponse.From(queue.GetStatistics(), options.Value));
}
