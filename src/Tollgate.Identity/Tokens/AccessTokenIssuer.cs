using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Signs short-lived access tokens for users who logged in or refreshed. The token carries everything authorization
/// needs (tenant, role, scopes), so validating it never touches the store.
/// </summary>
public sealed class AccessTokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly JwtKeyRing _keys;
    private readonly JwtOptions _options;
    private readonly TimeProvider _time;

    internal AccessTokenIssuer(JwtKeyRing keys, JwtOptions options, TimeProvider time)
    {
        _keys = keys;
        _options = options;
        _time = time;
    }

    /// <summary>A new access token for <paramref name="user"/>, valid from now for <see cref="JwtOptions.AccessTokenLifetime"/>.</summary>
    public IssuedAccessToken Issue(User user)
    {
        ArgumentNullException.ThrowIfNull(user);

        // JWT times are whole seconds; truncating here makes ExpiresAt equal the token's exp.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + _options.AccessTokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _keys.SigningCredentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [TollgateClaims.Subject] = user.Id.ToString("D", CultureInfo.InvariantCulture),
                [TollgateClaims.Tenant] = user.TenantId,
                [TollgateClaims.Role] = Roles.ToName(user.Role),
                [TollgateClaims.Scope] = string.Join(' ', Roles.ScopesOf(user.Role)),
                [TollgateClaims.Kind] = TokenClaimsMapper.UserKind,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture),
            },
        };
        return new IssuedAccessToken(_handler.CreateToken(descriptor), expires);
    }
}
