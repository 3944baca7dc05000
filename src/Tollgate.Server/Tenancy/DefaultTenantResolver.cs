using Tollgate.Core;

namespace Tollgate.Server.Tenancy;

/// <summary>
/// Puts every caller in <see cref="Tenants.Default"/>: there is no authentication yet, and the tenant never comes
/// from the request itself. Thread-safe.
/// </summary>
internal sealed class DefaultTenantResolver : ITenantResolver
{
    public string GetTenant(HttpContext context) => Tenants.Default;
}
