using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Problems;

/// <summary>
/// Turns HTTP-level request errors that surface as exceptions (a body over Kestrel's limit, a malformed chunk, a
/// client too slow to send) into problem details with their own status, instead of a 500; and an unreachable
/// database or Redis into 503 <c>store-unavailable</c>, so an outage reads as one (and clients retry) on every endpoint.
/// </summary>
internal sealed partial class TollgateExceptionHandler(IProblemDetailsService problemDetails, ILogger<TollgateExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsBackendOutage(exception))
        {
            LogBackendUnavailable(logger, exception.GetType().Name, httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Type = ProblemTypes.StoreUnavailable,
                    Title = "Store unavailable",
                    Detail = "The store (or Redis) cannot be reached right now. Retry later; GET /health/ready reports when it is back.",
                },
            });
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Type = ProblemTypes.ForStatus(badRequest.StatusCode),
                Title = "Bad request",
                Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than the server accepts."
                    : "The request is malformed at the HTTP level: " + badRequest.Message,
            },
        });
    }

    /// <summary>Transient database errors (server down, connection lost), Redis errors and timeouts, wherever they are wrapped.</summary>
    private static bool IsBackendOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Data.Common.DbException { IsTransient: true } or StackExchange.Redis.RedisException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: {ExceptionType} from the store or Redis while serving {Path}.")]
    private static partial void LogBackendUnavailable(ILogger logger, string exceptionType, PathString path);
}
