using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// What every node of one benchmark cluster shares: a master key (required with PostgreSQL) and a token signing key,
/// both random per run, and the writer's token the senders present, as a service with an ingest-scoped session would.
/// </summary>
internal sealed class ClusterCredentials
{
    private const string KeyId = "scale-out-load";
    private const string IssuerAndAudience = "tollgate";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(6);

    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);

    public ClusterCredentials()
    {
        var now = DateTimeOffset.UtcNow;
        AccessToken = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerAndAudience,
            Audience = IssuerAndAudience,
            IssuedAt = now.AddMinutes(-1).UtcDateTime,
            NotBefore = now.AddMinutes(-1).UtcDateTime,
            Expires = now.Add(TokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey) { KeyId = KeyId }, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = Guid.NewGuid().ToString("D"),
                ["tid"] = Tenants.Default,
                ["role"] = "writer",
                ["scope"] = "ingest",
                ["tg:kind"] = "user",
            },
        });
    }

    /// <summary>Base64 of 32 random bytes: <c>Identity:MasterKey</c>.</summary>
    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A writer's token for the default tenant, accepted by every node of the cluster.</summary>
    public string AccessToken { get; }

    /// <summary>The identity settings every node gets.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new("Identity:MasterKey", MasterKey);
        yield return new("Identity:Jwt:SigningKeys:0:Id", KeyId);
        yield return new("Identity:Jwt:SigningKeys:0:Key", Convert.ToBase64String(signingKey));
    }
}
