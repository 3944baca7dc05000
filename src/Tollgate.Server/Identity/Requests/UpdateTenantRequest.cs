namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>PATCH /api/v1/tenants/{id}</c>; members left out stay as they are.</summary>
public sealed record UpdateTenantRequest(string? Name = null, bool? Disabled = null);
