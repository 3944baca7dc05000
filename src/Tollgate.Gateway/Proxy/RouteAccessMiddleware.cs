using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Routing;
using Tollgate.Identity;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// Checks that the caller's credential is one the route accepts (a JWT, an API key, an HMAC-signed API key) and that
/// it holds every scope the route asks for. Authentication itself already ran: this only decides.
/// </summary>
internal sealed class RouteAccessMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        var policy = context.Features.Get<IGatewayRouteFeature>()?.Policy;
        if (policy is null || policy.Auth == GatewayAuthModes.None)
        {
            return next(context);
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !Accepts(policy.Auth, user))
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return Write(context, StatusCodes.Status401Unauthorized, Identity.IdentityProblemTypes.Unauthenticated, "Unauthenticated",
                $"This route accepts {Describe(policy.Auth)}.");
        }

        foreach (var scope in policy.Scopes)
        {
            if (!user.HasClaim(TollgateClaims.Scope, scope))
            {
                return Write(context, StatusCodes.Status403Forbidden, Identity.IdentityProblemTypes.Forbidden, "Forbidden",
                    $"This route needs the scope '{scope}', which the credential does not hold.");
            }
        }

        return next(context);
    }

    private static bool Accepts(GatewayAuthModes modes, ClaimsPrincipal user)
    {
        var kind = user.FindFirst(TollgateClaims.Kind)?.Value;
        if (kind == "apikey")
        {
            return (modes & GatewayAuthModes.ApiKey) != 0
                || ((modes & GatewayAuthModes.Hmac) != 0 && user.HasClaim(TollgateClaims.SignedRequest, "true"));
        }

        return kind is not null && (modes & GatewayAuthModes.Jwt) != 0;
    }

    private static string Describe(GatewayAuthModes modes)
    {
        var accepted = new List<string>(3);
        if ((modes & GatewayAuthModes.Jwt) != 0)
        {
            accepted.Add("a JWT (Authorization: Bearer)");
        }

        if ((modes & GatewayAuthModes.ApiKey) != 0)
        {
            accepted.Add("an API key (Authorization: Bearer tg_… or X-Api-Key)");
        }

        if ((modes & GatewayAuthModes.Hmac) != 0)
        {
            accepted.Add("an API key on an HMAC-signed request (X-Tollgate-Signature)");
        }

        return string.Join(" or ", accepted);
    }

    private Task Write(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }
}
