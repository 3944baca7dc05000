using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Tenancy;

/// <summary>
/// Resolves the tenant of every authenticated request: the principal's own, or, for a platform admin only, the one
/// named in <see cref="TenantHeader"/>. A disabled tenant's principals are refused. Naming a tenant one may not act
/// on answers 404, exactly like a tenant that does not exist, so tenant ids cannot be probed.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory tenants, IProblemDetailsService problems)
{
    /// <summary>The header a platform admin sets to act on another tenant.</summary>
    public const string TenantHeader = "X-Tollgate-Tenant";

    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var own = user.FindFirst(TollgateClaims.Tenant)?.Value;
        var ownTenant = own is null ? null : await tenants.GetAsync(own, context.RequestAborted);
        if (ownTenant is null || ownTenant.Disabled)
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, IdentityProblemTypes.TenantDisabled, "Tenant disabled",
                "The tenant these credentials belong to is disabled or no longer exists. A platform admin can enable it.");
            return;
        }

        var acting = own!;
        var named = context.Request.Headers[TenantHeader].ToString();
        if (named.Length > 0 && !string.Equals(named, own, StringComparison.Ordinal))
        {
            var allowed = user.HasClaim(TollgateClaims.Scope, Scopes.Platform)
                && await tenants.GetAsync(named, context.RequestAborted) is not null;
            if (!allowed)
            {
                await WriteAsync(context, StatusCodes.Status404NotFound, IdentityProblemTypes.TenantNotFound, "Tenant not found",
                    $"There is no tenant named in {TenantHeader} that these credentials may act on.");
                return;
            }

            acting = named;
        }

        context.Features.Set<ITenantFeature>(new TenantFeature(acting));
        await next(context);
    }

    private Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }
}
