namespace Tollgate.Identity.Tenancy;

/// <summary>The tenant resolved for a request, set by <see cref="TenantResolutionMiddleware"/>.</summary>
public interface ITenantFeature
{
    /// <summary>The tenant the request acts for.</summary>
    string TenantId { get; }
}
