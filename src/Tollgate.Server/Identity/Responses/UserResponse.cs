using Tollgate.Core.Identity;

namespace Tollgate.Server.Identity.Responses;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserResponse(Guid Id, string TenantId, string Email, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt)
{
    internal static UserResponse From(User user) =>
        new(user.Id, user.TenantId, user.Email, Roles.ToName(user.Role), user.Disabled, user.CreatedAt, user.LastLoginAt);
}
