using Microsoft.IdentityModel.Tokens;
using Tollgate.Identity.Secrets;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// The HS256 keys of Tollgate's own tokens: the first configured key signs, every configured key validates. Without
/// configured keys, one key is derived from the master key so that nothing needs configuring.
/// </summary>
internal sealed class JwtKeyRing
{
    /// <summary>The key id of the key derived from the master key.</summary>
    public const string DerivedKeyId = "mk1";

    /// <summary>The smallest key accepted: HS256 needs at least the hash size (RFC 7518 §3.2).</summary>
    public const int MinKeyBytes = 32;

    public JwtKeyRing(JwtOptions options, IMasterKeySource? masterKeySource)
    {
        var keys = new List<SecurityKey>(Math.Max(options.SigningKeys.Count, 1));
        if (options.SigningKeys.Count == 0)
        {
            if (masterKeySource is null)
            {
                throw new InvalidOperationException(
                    $"{JwtOptions.SectionName}:SigningKeys is empty and no {nameof(IMasterKeySource)} is registered to derive a key from.");
            }

            keys.Add(new SymmetricSecurityKey(DeriveKey(masterKeySource.GetMasterKey(), DerivedKeyId)) { KeyId = DerivedKeyId });
        }
        else
        {
            foreach (var key in options.SigningKeys)
            {
                keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(key.Key)) { KeyId = key.Id });
            }
        }

        ValidationKeys = keys;
        SigningCredentials = new SigningCredentials(keys[0], SecurityAlgorithms.HmacSha256);
    }

    /// <summary>Signs new tokens (the first key).</summary>
    public SigningCredentials SigningCredentials { get; }

    /// <summary>Validates tokens (every key, matched by <c>kid</c>).</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    /// <summary>The signing key with id <paramref name="keyId"/> derived from the master key (purpose <c>tollgate:jwt:&lt;kid&gt;</c>).</summary>
    public static byte[] DeriveKey(byte[] masterKey, string keyId) => MasterKey.Derive(masterKey, "tollgate:jwt:" + keyId, MinKeyBytes);
}
