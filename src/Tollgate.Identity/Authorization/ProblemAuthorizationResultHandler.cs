using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Identity.Authorization;

/// <summary>
/// Turns authorization's 401 and 403 into problem details that say what was wrong (expired token, revoked key,
/// missing scope), whichever scheme authenticated the request.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            var authentication = await context.AuthenticateAsync();
            await context.ChallengeAsync();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteAsync(context, StatusCodes.Status401Unauthorized, IdentityProblemTypes.Unauthenticated, "Unauthenticated", Describe(authentication.Failure));
            return;
        }

        if (authorizeResult.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await WriteAsync(context, StatusCodes.Status403Forbidden, IdentityProblemTypes.Forbidden, "Forbidden", DescribeMissing(policy));
            return;
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>What to tell the client about a failed authentication, without echoing the credential.</summary>
    internal static string Describe(Exception? failure) => failure switch
    {
        null => "This endpoint needs credentials: an API key (Authorization: Bearer tg_… or X-Api-Key), a signed request, or a token from POST /api/v1/auth/login.",
        SecurityTokenExpiredException => "The token has expired. Get a new one (POST /api/v1/auth/refresh or log in again).",
        SecurityTokenNotYetValidException => "The token is not valid yet (nbf is in the future). Check the issuer's clock.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not trusted.",
        SecurityTokenInvalidAudienceException => "The token is not meant for Tollgate (wrong audience).",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not allowed.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key Tollgate does not know.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenException => "The token is not valid.",
        ArgumentException => "The token is malformed.",
        _ when failure.GetType().Namespace?.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal) == true => "The token is not valid.",
        _ => failure.Message,
    };

    private static string DescribeMissing(AuthorizationPolicy policy)
    {
        var scopes = policy.Requirements
            .OfType<ClaimsAuthorizationRequirement>()
            .Where(r => r.ClaimType == TollgateClaims.Scope && r.AllowedValues is not null)
            .SelectMany(r => r.AllowedValues!)
            .ToList();
        return scopes.Count == 0
            ? "The credentials do not allow this operation."
            : $"The credentials lack the \"{string.Join("\", \"", scopes)}\" scope this operation needs.";
    }

    private Task WriteAsync(HttpContext context, int status, string type, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
}
