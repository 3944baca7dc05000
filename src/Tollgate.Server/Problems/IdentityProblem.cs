using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tollgate.Identity;

namespace Tollgate.Server.Problems;

/// <summary>The problem responses of the login, user, key and tenant APIs.</summary>
internal static class IdentityProblem
{
    public static ProblemHttpResult InvalidCredentials() => Create(
        StatusCodes.Status401Unauthorized,
        IdentityProblemTypes.InvalidCredentials,
        "Invalid credentials",
        "The email or password is wrong.");

    public static ProblemHttpResult LoginThrottled(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        return Create(
            StatusCodes.Status429TooManyRequests,
            IdentityProblemTypes.LoginThrottled,
            "Too many failed logins",
            $"Too many failed logins for this account or from this address. Retry after {seconds} second{(seconds == 1 ? string.Empty : "s")}.");
    }

    public static ProblemHttpResult InvalidRefreshToken() => Create(
        StatusCodes.Status401Unauthorized,
        IdentityProblemTypes.InvalidRefreshToken,
        "Invalid refresh token",
        "The refresh token is unknown, expired, revoked or was already used. Log in again.");

    public static ProblemHttpResult TenantDisabled() => Create(
        StatusCodes.Status403Forbidden,
        IdentityProblemTypes.TenantDisabled,
        "Tenant disabled",
        "The tenant of this account is disabled. A platform admin can enable it.");

    public static ProblemHttpResult WeakPassword(string detail) => Create(
        StatusCodes.Status400BadRequest,
        IdentityProblemTypes.WeakPassword,
        "Password too weak",
        detail);

    public static ProblemHttpResult AlreadyExists(string detail) => Create(
        StatusCodes.Status409Conflict,
        IdentityProblemTypes.AlreadyExists,
        "Already exists",
        detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(
        StatusCodes.Status403Forbidden,
        IdentityProblemTypes.Forbidden,
        "Forbidden",
        detail);

    private static ProblemHttpResult Create(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type);
}
