namespace Tollgate.Identity.Tenancy;

/// <summary>The resolved tenant of one request.</summary>
internal sealed record TenantFeature(string TenantId) : ITenantFeature;
