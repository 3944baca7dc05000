using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// The signature algorithms an external issuer may use: public-key ones only. HMAC is excluded so that an issuer's
/// public key can never be turned into a shared secret (the alg-confusion attack), and <c>none</c> is never valid.
/// </summary>
internal static class ExternalAlgorithms
{
    /// <summary>What an issuer gets when it configures none.</summary>
    public static readonly IReadOnlyList<string> Default = [SecurityAlgorithms.RsaSha256];

    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.RsaSsaPssSha384,
        SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.EcdsaSha384,
        SecurityAlgorithms.EcdsaSha512,
    };

    /// <summary>The names accepted in configuration, for messages.</summary>
    public const string AllowedList = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512";

    /// <summary>True for an algorithm an external issuer may be allowed.</summary>
    public static bool IsAllowed(string? algorithm) => algorithm is not null && Allowed.Contains(algorithm);

    /// <summary>The algorithms accepted from <paramref name="issuer"/>.</summary>
    public static IReadOnlyList<string> Of(ExternalIssuerOptions issuer) =>
        issuer.Algorithms.Count == 0 ? Default : [.. issuer.Algorithms];
}
