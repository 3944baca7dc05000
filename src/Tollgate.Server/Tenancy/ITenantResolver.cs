namespace Tollgate.Server.Tenancy;

/// <summary>
/// The one place that decides which tenant a request acts for. Every API asks it rather than reading a tenant from
/// the request, so identity can replace the answer in one spot.
/// </summary>
public interface ITenantResolver
{
    /// <summary>The tenant of the caller of <paramref name="context"/>.</summary>
    string GetTenant(HttpContext context);
}
