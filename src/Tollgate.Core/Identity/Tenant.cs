namespace Tollgate.Core.Identity;

/// <summary>
/// An isolated space of data, users and keys. Every stored record carries the id of exactly one tenant.
/// </summary>
/// <param name="Id">Stable slug (see <see cref="TenantIds"/>); never reused, never renamed.</param>
/// <param name="Name">Display name; renaming changes only this.</param>
/// <param name="Disabled">A disabled tenant's principals are refused; its data stays.</param>
/// <param name="CreatedAt">When the tenant was created (UTC).</param>
public sealed record Tenant(string Id, string Name, bool Disabled, DateTimeOffset CreatedAt);
