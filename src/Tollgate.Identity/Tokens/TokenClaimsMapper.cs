using System.Security.Claims;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Turns a validated token's claims into Tollgate's (<see cref="TollgateClaims"/>), dropping everything else, so
/// authorization never depends on which issuer or claim names a token came with.
/// </summary>
internal static class TokenClaimsMapper
{
    /// <summary><see cref="TollgateClaims.Kind"/> of a user's session.</summary>
    public const string UserKind = "user";

    /// <summary><see cref="TollgateClaims.Kind"/> of a service holding an external issuer's token.</summary>
    public const string ServiceKind = "service";

    private static readonly char[] ScopeSeparators = [' '];

    /// <summary>The principal of one of Tollgate's own tokens, or null with the reason.</summary>
    public static ClaimsPrincipal? MapOwn(ClaimsPrincipal token, string scheme, out string? failure)
    {
        var subject = Single(token, TollgateClaims.Subject);
        var tenant = Single(token, TollgateClaims.Tenant);
        var roleName = Single(token, TollgateClaims.Role);
        if (subject is null || !Guid.TryParseExact(subject.Value, "D", out _))
        {
            failure = "The token has no user id.";
            return null;
        }

        if (tenant is null || !TenantIds.IsValid(tenant.Value))
        {
            failure = "The token has no valid tenant.";
            return null;
        }

        if (roleName is null || !Roles.TryParse(roleName.Value, out var role))
        {
            failure = "The token has no valid role.";
            return null;
        }

        // Never more than the role grants, even if the scope claim says otherwise.
        var granted = Roles.ScopesOf(role);
        var scopes = new List<string>(granted.Count);
        foreach (var value in ScopeValues(token, TollgateClaims.Scope))
        {
            if (granted.Contains(value) && !scopes.Contains(value))
            {
                scopes.Add(value);
            }
        }

        failure = null;
        return Build(scheme, subject, tenant.Value, roleName.Value, scopes, UserKind);
    }

    /// <summary>The principal of an external issuer's token, or null with the reason.</summary>
    public static ClaimsPrincipal? MapExternal(ClaimsPrincipal token, ExternalIssuerOptions issuer, string scheme, out string? failure)
    {
        var subject = Single(token, issuer.SubjectClaim);
        if (subject is null)
        {
            failure = $"The token has no single '{issuer.SubjectClaim}' claim.";
            return null;
        }

        var tenant = issuer.Tenant ?? Single(token, issuer.TenantClaim)?.Value;
        if (!TenantIds.IsValid(tenant))
        {
            failure = $"The token has no valid tenant in '{issuer.TenantClaim}'.";
            return null;
        }

        var scopes = new List<string>(3);
        foreach (var value in ScopeValues(token, issuer.ScopeClaim))
        {
            if (Roles.TryParse(value, out var role))
            {
                foreach (var scope in Roles.ScopesOf(role))
                {
                    AddServiceScope(scopes, scope);
                }
            }
            else
            {
                AddServiceScope(scopes, value);
            }
        }

        failure = null;
        return Build(scheme, subject, tenant!, role: null, scopes, ServiceKind);
    }

    // Services act within their tenant: "platform" is never granted, and unknown values are ignored.
    private static void AddServiceScope(List<string> scopes, string scope)
    {
        if (Scopes.IsApiKeyScope(scope) && !scopes.Contains(scope))
        {
            scopes.Add(scope);
        }
    }

    private static ClaimsPrincipal Build(string scheme, Claim subject, string tenant, string? role, List<string> scopes, string kind)
    {
        // Keep the validated issuer on every claim, so logs can tell whose subject this is.
        var issuer = subject.Issuer;
        var claims = new List<Claim>(4 + scopes.Count)
        {
            new(TollgateClaims.Subject, subject.Value, ClaimValueTypes.String, issuer),
            new(TollgateClaims.Tenant, tenant, ClaimValueTypes.String, issuer),
            new(TollgateClaims.Kind, kind, ClaimValueTypes.String, issuer),
        };
        if (role is not null)
        {
            claims.Add(new Claim(TollgateClaims.Role, role, ClaimValueTypes.String, issuer));
        }

        foreach (var scope in scopes)
        {
            claims.Add(new Claim(TollgateClaims.Scope, scope, ClaimValueTypes.String, issuer));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, TollgateClaims.Subject, TollgateClaims.Role));
    }

    // A JSON array becomes one claim per element; a space-separated string becomes one claim. Both are split here.
    private static IEnumerable<string> ScopeValues(ClaimsPrincipal token, string claimType) =>
        token.FindAll(claimType).SelectMany(claim => claim.Value.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries));

    private static Claim? Single(ClaimsPrincipal token, string claimType)
    {
        Claim? found = null;
        foreach (var claim in token.FindAll(claimType))
        {
            if (found is not null)
            {
                return null;
            }

            found = claim;
        }

        return string.IsNullOrWhiteSpace(found?.Value) ? null : found;
    }
}
