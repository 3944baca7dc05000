using Tollgate.Core.Identity;

namespace Tollgate.Server.Identity.Responses;

/// <summary>A tenant as the API shows it.</summary>
public sealed record TenantResponse(string Id, string Name, bool Disabled, DateTimeOffset CreatedAt)
{
    internal static TenantResponse From(Tenant tenant) => new(tenant.Id, tenant.Name, tenant.Disabled, tenant.CreatedAt);
}
