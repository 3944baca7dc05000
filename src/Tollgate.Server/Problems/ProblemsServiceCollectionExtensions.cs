using Tollgate.Gateway.Tracing;
using Tollgate.Server.Problems;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Tollgate's error handling: every error is an RFC 9457 problem details response.</summary>
public static class ProblemsServiceCollectionExtensions
{
    /// <summary>
    /// Adds problem details with Tollgate's stable <c>urn:tollgate:problem:*</c> types (see <see cref="ProblemTypes"/>)
    /// for framework-generated errors too (unknown routes, wrong methods, unhandled exceptions). Each carries the
    /// request's <c>request_id</c> beside ASP.NET Core's <c>trace_id</c>, so a problem a client reports finds its logs.
    /// </summary>
    public static IServiceCollection AddTollgateProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        services.AddExceptionHandler<TollgateExceptionHandler>();
        return services;
    }

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || !problem.Type.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal))
        {
            problem.Type = ProblemTypes.ForStatus(status);
        }

        if (problem.Detail is null)
        {
            var method = context.HttpContext.Request.Method;
            problem.Detail = status switch
            {
                StatusCodes.Status404NotFound => "There is nothing at this path. The API reference is at /docs.",
                StatusCodes.Status405MethodNotAllowed => $"This path does not accept {method}. The API reference is at /docs.",
                StatusCodes.Status415UnsupportedMediaType => "The Content-Type is not accepted here. Send the body as application/json (PATCH also takes application/merge-patch+json).",
                >= 500 => "The server failed to handle the request. Retry later; the server log has the details.",
                _ => null,
            };
        }

        if (context.HttpContext.Features.Get<IRequestIdentityFeature>() is { } identity)
        {
            problem.Extensions["request_id"] = identity.RequestId;
        }
    }
}
