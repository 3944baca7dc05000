namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>POST /api/v1/auth/register</c>: a new tenant with its first admin.</summary>
public sealed record RegisterRequest(string Email, string Password, string TenantId, string? TenantName = null);
