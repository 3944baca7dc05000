using Microsoft.AspNetCore.Http;

namespace Tollgate.Identity.Tenancy;

/// <summary>
/// The one place that says which tenant a request acts for: the authenticated principal's own tenant, or the one a
/// platform admin names in <see cref="TenantResolutionMiddleware.TenantHeader"/>. Never a query parameter.
/// </summary>
public interface ITenantResolver
{
    /// <summary>The tenant the request of <paramref name="context"/> acts for.</summary>
    /// <exception cref="InvalidOperationException">The endpoint does not require authentication, so there is no tenant.</exception>
    string GetTenant(HttpContext context);
}
