namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>POST /api/v1/tenants</c>.</summary>
public sealed record CreateTenantRequest(string Id, string? Name = null);
