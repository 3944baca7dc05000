using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Tracing;

/// <summary>
/// Gives every request a request id and a W3C trace context, exposes them as <see cref="IRequestIdentityFeature"/>
/// and a logging scope, and returns <c>X-Request-ID</c> and <c>traceparent</c> on every response it sees.
/// </summary>
/// <remarks>
/// An invalid <c>X-Request-ID</c> (empty, over 128 characters, a character outside <c>[A-Za-z0-9._:-]</c>, or the
/// header sent more than once) is replaced, not refused: the id is diagnostic, and refusing a request over it would
/// break clients that send their own formats. It is never echoed or logged.
/// <para>
/// The server span is the host's own activity, which ASP.NET Core starts (continuing a valid <c>traceparent</c>
/// with its <c>tracestate</c>) whenever a listener or logging asks for it. When it did not start one, or started
/// a non-W3C one (it does for <c>traceparent</c> values it cannot parse as W3C), this middleware starts a W3C
/// activity itself, continuing a valid <c>traceparent</c> or starting a new trace, so the ids always exist and
/// flow to outgoing calls and log scopes.
/// </para>
/// <para>
/// The headers are set when the response starts, not before the pipeline runs: the exception handler clears the
/// response headers before writing its problem details, and a 500 must still carry them.
/// </para>
/// </remarks>
internal sealed class RequestTracingMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestTracingMiddleware> logger)
{
    /// <summary>The name of the activity started when the host did not start a W3C one.</summary>
    public const string ActivityName = "Tollgate.Gateway.Request";

    private static readonly Func<object, Task> WriteResponseHeaders = static state =>
    {
        var context = (HttpContext)state;
        var identity = context.Features.GetRequiredFeature<IRequestIdentityFeature>();
        var headers = context.Response.Headers;
        headers[RequestIds.HeaderName] = identity.RequestId;
        headers.TraceParent = identity.TraceParent;
        return Task.CompletedTask;
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = AcceptOrCreateRequestId(context.Request.Headers[RequestIds.HeaderName]);
        var hostActivity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        var ownActivity = hostActivity is { IdFormat: ActivityIdFormat.W3C } ? null : StartActivity(context.Request.Headers);
        var identity = new RequestIdentity(requestId, ownActivity ?? hostActivity!);

        context.TraceIdentifier = requestId;
        context.Features.Set<IRequestIdentityFeature>(identity);
        context.Response.OnStarting(WriteResponseHeaders, context);
        try
        {
            using (logger.BeginScope(identity))
            {
                await next(context);
            }
        }
        finally
        {
            ownActivity?.Stop();
        }
    }

    private string AcceptOrCreateRequestId(StringValues values)
    {
        if (values.Count == 1 && RequestIds.IsValid(values[0]))
        {
            return values[0]!;
        }

        var created = RequestIds.Create(time.GetUtcNow());
        if (values.Count > 0)
        {
            RequestTracingLog.InvalidRequestIdReplaced(logger, values.Count, values[0]?.Length ?? 0, created);
        }

        return created;
    }

    private static Activity StartActivity(IHeaderDictionary headers)
    {
        var activity = new Activity(ActivityName);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        if (ActivityContext.TryParse(headers.TraceParent, headers.TraceState, isRemote: true, out var parent))
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = parent.TraceState;
        }

        // Without a valid traceparent this starts a new trace: a non-W3C host activity must not become the parent.
        Activity.Current = null;
        return activity.Start();
    }
}
