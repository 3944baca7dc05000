using Tollgate.Core.Identity;

namespace Tollgate.Identity.ApiKeys;

/// <summary>A new key with the secrets that exist only in this response; afterwards only hashes and ciphertext remain.</summary>
/// <param name="Key">The stored record.</param>
/// <param name="Secret">The API key itself (<c>tg_…</c>).</param>
/// <param name="SigningSecret">The HMAC signing secret (<c>tgs_…</c>), when signing is enabled.</param>
public sealed record CreatedApiKey(ApiKey Key, string Secret, string? SigningSecret);
