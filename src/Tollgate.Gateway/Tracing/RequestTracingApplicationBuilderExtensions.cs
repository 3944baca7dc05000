using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Tracing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds request ids and W3C trace context to the request pipeline.</summary>
public static class RequestTracingApplicationBuilderExtensions
{
    /// <summary>
    /// Accepts the client's <c>X-Request-ID</c> when valid (1–128 characters of <c>[A-Za-z0-9._:-]</c>) and otherwise
    /// generates one, continues a valid <c>traceparent</c> or starts a trace, and returns both headers on every
    /// response. Call first, before error handling, so problem details and 500s carry the ids and the exception
    /// handler's log lines have the request's scope. New traces get time-ordered ids (see
    /// <see cref="TimeOrderedTraceIds"/>). Needs <c>AddTollgateRequestTracing</c>.
    /// </summary>
    public static IApplicationBuilder UseTollgateRequestTracing(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        TimeOrderedTraceIds.Install(app.ApplicationServices.GetRequiredService<TimeProvider>());
        return app.UseMiddleware<RequestTracingMiddleware>();
    }
}
