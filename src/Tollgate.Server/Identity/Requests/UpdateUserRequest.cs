namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>PATCH /api/v1/users/{id}</c>; members left out stay as they are.</summary>
public sealed record UpdateUserRequest(string? Role = null, string? Password = null, bool? Disabled = null);
