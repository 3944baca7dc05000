using System.ComponentModel.DataAnnotations;

namespace Tollgate.Identity;

/// <summary>Settings of section <c>Identity</c>: secrets at rest, API-key caching and self-service registration.</summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// Base64 of 32 random bytes that encrypt signing secrets at rest and, unless <c>Identity:Jwt:SigningKeys</c> is
    /// set, sign session tokens. When unset, a key is generated once into <see cref="MasterKeyFile"/>.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>Where the generated master key lives when <see cref="MasterKey"/> is unset; defaults to beside the database.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>
    /// How long a validated API key is trusted without asking the store again. Revoking a key on this node takes
    /// effect at once; on other nodes within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Identity:ApiKeyCacheDuration must be between 00:00:00 and 00:10:00.")]
    public TimeSpan ApiKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long past its expiry a cached API key or tenant may still be used while the store cannot be reached, so a
    /// scaled-out ingest or gateway node keeps authenticating known callers through a database outage. Nothing can be
    /// revoked while the store is down, so this only widens the window for a revocation made just before the outage.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Identity:StaleCacheLimit must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan StaleCacheLimit { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest body of an HMAC-signed request; the whole body is hashed before the endpoint runs.</summary>
    [Range(1, 256L * 1024 * 1024, ErrorMessage = "Identity:MaxSignedBodyBytes must be between 1 and 268435456.")]
    public long MaxSignedBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>When true, <c>POST /api/v1/auth/register</c> lets anyone create a new tenant with themselves as its admin.</summary>
    public bool AllowRegistration { get; set; }
}
