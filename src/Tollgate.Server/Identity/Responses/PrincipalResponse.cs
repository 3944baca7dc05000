namespace Tollgate.Server.Identity.Responses;

/// <summary>Who the caller is, as <c>GET /api/v1/auth/me</c> reports it.</summary>
/// <param name="Subject">User id, API key id or external subject.</param>
/// <param name="Kind">user, apikey or service.</param>
/// <param name="TenantId">The principal's own tenant.</param>
/// <param name="ActingTenantId">The tenant this request acts for (differs only for a platform admin naming one).</param>
/// <param name="Role">The user's role, for users.</param>
/// <param name="Scopes">What the principal may do.</param>
public sealed record PrincipalResponse(string Subject, string Kind, string TenantId, string ActingTenantId, string? Role, IReadOnlyList<string> Scopes);
