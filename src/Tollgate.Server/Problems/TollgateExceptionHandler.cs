using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Problems;

/// <summary>
/// Turns HTTP-level request errors that surface as exceptions (a body over Kestrel's limit, a malformed chunk, a
/// client too slow to send) into problem details with their own status, instead of a 500.
/// </summary>
internal sealed class TollgateExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
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
}
