using Microsoft.AspNetCore.Http;

namespace Tollgate.Identity.Tenancy;

/// <summary>Reads the tenant <see cref="TenantResolutionMiddleware"/> resolved for the request.</summary>
internal sealed class ClaimsTenantResolver : ITenantResolver
{
    public string GetTenant(HttpContext context) =>
        context.Features.Get<ITenantFeature>()?.TenantId
        ?? throw new InvalidOperationException("No tenant was resolved for this request: the endpoint must require an authenticated principal.");
}
