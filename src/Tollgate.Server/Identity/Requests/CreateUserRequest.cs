namespace Tollgate.Server.Identity.Requests;

/// <summary>Body of <c>POST /api/v1/users</c>.</summary>
public sealed record CreateUserRequest(string Email, string Password, string Role);
