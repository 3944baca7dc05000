namespace Tollgate.Core.Identity;

/// <summary>What a user may do. Each role maps to a fixed set of <see cref="Scopes"/> (see <see cref="Roles"/>).</summary>
public enum Role
{
    /// <summary>Queries the tenant's data.</summary>
    Reader,

    /// <summary>Ingests into the tenant.</summary>
    Writer,

    /// <summary>Everything in the tenant: data, keys, users and retention.</summary>
    TenantAdmin,

    /// <summary>Everything in every tenant, and the tenants themselves; acts on another tenant only by naming it.</summary>
    PlatformAdmin,
}
