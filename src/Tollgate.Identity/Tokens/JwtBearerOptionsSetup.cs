using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Configures the JwtBearer schemes from <see cref="JwtOptions"/>: Tollgate's own (HS256, the key ring) and one per
/// external issuer (its public keys, its algorithm allow-list). Each scheme rebuilds the principal from Tollgate's
/// claims once the token is valid.
/// </summary>
internal sealed class JwtBearerOptionsSetup(
    IOptions<JwtOptions> jwtOptions, JwtKeyRing keyRing, JwksDocumentRetriever jwksRetriever)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>How often a key set is refetched even when every token's key is known.</summary>
    public static readonly TimeSpan JwksAutomaticRefreshInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a token naming an unknown key may trigger a fetch, so such tokens cannot flood the issuer. The fetch runs
    /// in the background: the token that triggers it is refused, the ones after it are checked against the new set.
    /// </summary>
    public static readonly TimeSpan JwksRefreshInterval = TimeSpan.FromMinutes(1);

    public void Configure(JwtBearerOptions options)
    {
        // Only the named schemes are Tollgate's.
    }

    public void Configure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == JwtSchemes.Own)
        {
            ConfigureOwn(options);
        }
        else if (name is not null && name.StartsWith(JwtSchemes.ExternalPrefix, StringComparison.Ordinal))
        {
            var issuerName = name[JwtSchemes.ExternalPrefix.Length..];
            var issuer = jwtOptions.Value.Issuers.FirstOrDefault(i => i.Name == issuerName);
            if (issuer is not null)
            {
                ConfigureExternal(options, issuer, name);
            }
        }
    }

    private void ConfigureOwn(JwtBearerOptions options)
    {
        var settings = jwtOptions.Value;
        var parameters = CommonParameters(settings);
        parameters.ValidIssuer = settings.Issuer;
        parameters.ValidAudience = settings.Audience;
        parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        parameters.IssuerSigningKeys = keyRing.ValidationKeys;

        // Tollgate always names its key: a token whose kid left the ring must fail, not be tried against the others.
        parameters.TryAllIssuerSigningKeys = false;
        ConfigureCommon(options, parameters);
        options.Events.OnTokenValidated = context =>
        {
            Apply(context, TokenClaimsMapper.MapOwn(context.Principal!, JwtSchemes.Own, out var failure), failure);
            return Task.CompletedTask;
        };
    }

    private void ConfigureExternal(JwtBearerOptions options, ExternalIssuerOptions issuer, string scheme)
    {
        var parameters = CommonParameters(jwtOptions.Value);
        parameters.ValidIssuer = issuer.Issuer;
        parameters.ValidAudiences = [.. issuer.Audiences];
        parameters.ValidAlgorithms = ExternalAlgorithms.Of(issuer);
        if (issuer.JwksUrl is { Length: > 0 } url)
        {
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                url, new JwksConfigurationRetriever(issuer.Issuer), jwksRetriever)
            {
                AutomaticRefreshInterval = JwksAutomaticRefreshInterval,
                RefreshInterval = JwksRefreshInterval,
            };
            options.RefreshOnIssuerKeyNotFound = true;
            options.RequireHttpsMetadata = new Uri(url).Scheme == Uri.UriSchemeHttps;
        }
        else
        {
            parameters.IssuerSigningKeys = [.. issuer.Keys.Select(key => PemPublicKeys.Load(key.Pem, key.Id))];
        }

        ConfigureCommon(options, parameters);
        options.Events.OnTokenValidated = context =>
        {
            Apply(context, TokenClaimsMapper.MapExternal(context.Principal!, issuer, scheme, out var failure), failure);
            return Task.CompletedTask;
        };
    }

    private static TokenValidationParameters CommonParameters(JwtOptions settings) => new()
    {
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = settings.ClockSkew,
        NameClaimType = TollgateClaims.Subject,
        RoleClaimType = TollgateClaims.Role,
    };

    private static void ConfigureCommon(JwtBearerOptions options, TokenValidationParameters parameters)
    {
        options.TokenValidationParameters = parameters;
        options.MapInboundClaims = false;
        options.SaveToken = false;
    }

    private static void Apply(TokenValidatedContext context, System.Security.Claims.ClaimsPrincipal? principal, string? failure)
    {
        if (principal is null)
        {
            context.Fail(failure!);
        }
        else
        {
            context.Principal = principal;
        }
    }
}
