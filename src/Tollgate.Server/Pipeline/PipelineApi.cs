using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;
using Tollgate.Pipeline.Capture;
using Tollgate.Pipeline.Streams;
using Tollgate.Pipeline.Transport;
using Tollgate.Server.Pipeline;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps <c>GET /api/v1/pipeline</c>: how captured and ingested signals are moving, for platform admins.</summary>
public static class PipelineApi
{
    /// <summary>Maps the pipeline status endpoint.</summary>
    public static IEndpointRouteBuilder MapTollgatePipelineApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/pipeline", GetStatusAsync)
            .WithTags("Pipeline")
            .WithName("GetPipelineStatus")
            .WithSummary("Capture queue depth, drops and write failures; scaled out, the Redis streams' length, lag, pending entries and dead letters")
            .RequireScope(Scopes.Platform);
        return endpoints;
    }

    private static async Task<Ok<PipelineStatusResponse>> GetStatusAsync(HttpContext context, IOptions<PipelineOptions> pipeline)
    {
        // Both parts are optional: a node without the gateway role has no capture queue, an embedded node no streams.
        var services = context.RequestServices;
        var capture = services.GetService<RequestCaptureQueue>() is { } queue
            ? CaptureQueueStatusResponse.From(queue.GetStatistics(), services.GetRequiredService<IOptions<CaptureQueueOptions>>().Value)
            : null;
        List<StreamStatusResponse>? streams = null;
        string? streamsError = null;
        if (services.GetService<StreamStatistics>() is { } statistics)
        {
            try
            {
                streams = [.. (await statistics.GetAsync(context.RequestAborted)).Select(StreamStatusResponse.From)];
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The capture counters matter most during a Redis outage: show them, and say why the streams are missing.
                streamsError = $"Redis cannot be reached ({ex.GetType().Name}).";
            }
        }

        return TypedResults.Ok(new PipelineStatusResponse(pipeline.Value.Transport.ToString().ToLowerInvariant(), capture, streams, streamsError));
    }
}
