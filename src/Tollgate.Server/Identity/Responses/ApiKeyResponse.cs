using Tollgate.Core.Identity;

namespace Tollgate.Server.Identity.Responses;

/// <summary>An API key as lists show it: the visible prefix, never the secret or its hash.</summary>
public sealed record ApiKeyResponse(
    Guid Id,
    string TenantId,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    string Signing,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    internal static ApiKeyResponse From(ApiKey key) => new(
        key.Id,
        key.TenantId,
        key.Name,
        key.Prefix,
        key.Scopes,
        SigningName(key.Signing),
        key.CreatedAt,
        key.CreatedBy,
        key.ExpiresAt,
        key.RevokedAt,
        key.LastUsedAt);

    internal static string SigningName(ApiKeySigning signing) => signing switch
    {
        ApiKeySigning.Optional => "optional",
        ApiKeySigning.Required => "required",
        _ => "none",
    };
}
