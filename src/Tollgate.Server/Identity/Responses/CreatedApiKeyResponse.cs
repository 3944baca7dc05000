namespace Tollgate.Server.Identity.Responses;

/// <summary>A new API key with its secrets. This is the only response that ever contains them.</summary>
/// <param name="Key">The API key (<c>tg_…</c>): keep it secret.</param>
/// <param name="SigningSecret">The HMAC signing secret (<c>tgs_…</c>), when signing is enabled.</param>
/// <param name="ApiKey">The key's record.</param>
public sealed record CreatedApiKeyResponse(string Key, string? SigningSecret, ApiKeyResponse ApiKey);
