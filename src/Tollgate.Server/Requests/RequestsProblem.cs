using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Requests;

/// <summary>The problem responses that only the requests API gives, with the stable types of <see cref="ProblemTypes"/>.</summary>
internal static class RequestsProblem
{
    public static ProblemHttpResult TooManyRecords(int count, int limit) => TypedResults.Problem(
        $"The call carries {count} requests; the limit is {limit} per call. Split the batch.",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Too many events",
        type: ProblemTypes.TooManyEvents);
}
