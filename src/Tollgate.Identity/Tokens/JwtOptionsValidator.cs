using Microsoft.Extensions.Options;
using Tollgate.Core.Identity;

namespace Tollgate.Identity.Tokens;

/// <summary>
/// Refuses JWT settings that would be unsafe or cannot work (short keys, <c>none</c> or HMAC for external issuers,
/// plain-http key sets on the network, ambiguous issuers), naming the configuration key, so a bad setting stops the
/// start.
/// </summary>
internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    /// <summary>Longest external issuer name; it becomes part of a scheme name.</summary>
    public const int MaxIssuerNameLength = 32;

    private const string Section = JwtOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{Section}:Issuer is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{Section}:Audience is required.");
        }

        CheckRange(failures, "AccessTokenLifetime", options.AccessTokenLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        CheckRange(failures, "RefreshTokenLifetime", options.RefreshTokenLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(365));
        CheckRange(failures, "ClockSkew", options.ClockSkew, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        ValidateSigningKeys(failures, options.SigningKeys);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var issuers = new HashSet<string>(StringComparer.Ordinal) { options.Issuer };
        for (var i = 0; i < options.Issuers.Count; i++)
        {
            ValidateIssuer(failures, $"{Section}:Issuers:{i}", options.Issuers[i], names, issuers);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for a usable external issuer name (it becomes part of a scheme name).</summary>
    public static bool IsValidIssuerName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxIssuerNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckRange(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min:c} and {max:c}; it is {value:c}.");
        }
    }

    private static void ValidateSigningKeys(List<string> failures, IList<JwtSigningKeyOptions> keys)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var prefix = $"{Section}:SigningKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Id))
            {
                failures.Add($"{prefix}:Id is required: the key id (kid) of the key.");
            }
            else if (!ids.Add(key.Id))
            {
                failures.Add($"{prefix}:Id '{key.Id}' is used by another signing key.");
            }

            if (DecodedLength(key.Key) is not { } length)
            {
                failures.Add($"{prefix}:Key must be base64.");
            }
            else if (length < JwtKeyRing.MinKeyBytes)
            {
                failures.Add($"{prefix}:Key must be at least {JwtKeyRing.MinKeyBytes} bytes; it is {length}.");
            }
        }
    }

    private static void ValidateIssuer(List<string> failures, string prefix, ExternalIssuerOptions issuer, HashSet<string> names, HashSet<string> issuers)
    {
        if (!IsValidIssuerName(issuer.Name))
        {
            failures.Add($"{prefix}:Name must be 1 to {MaxIssuerNameLength} of a-z, 0-9 and '-'.");
        }
        else if (!names.Add(issuer.Name))
        {
            failures.Add($"{prefix}:Name '{issuer.Name}' is used by another issuer.");
        }

        if (string.IsNullOrWhiteSpace(issuer.Issuer))
        {
            failures.Add($"{prefix}:Issuer is required: the exact 'iss' of the issuer's tokens.");
        }
        else if (!issuers.Add(issuer.Issuer))
        {
            failures.Add($"{prefix}:Issuer '{issuer.Issuer}' is also Tollgate's own issuer or another issuer's; tokens could not be told apart.");
        }

        if (issuer.Audiences.Count == 0 || issuer.Audiences.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{prefix}:Audiences must list at least one audience, none of them empty.");
        }

        ValidateKeySource(failures, prefix, issuer);
        for (var i = 0; i < issuer.Algorithms.Count; i++)
        {
            if (!ExternalAlgorithms.IsAllowed(issuer.Algorithms[i]))
            {
                failures.Add($"{prefix}:Algorithms:{i} '{issuer.Algorithms[i]}' is not allowed; use one of {ExternalAlgorithms.AllowedList} (never none or HMAC).");
            }
        }

        if (issuer.Tenant is not null)
        {
            if (!TenantIds.IsValid(issuer.Tenant))
            {
                failures.Add($"{prefix}:Tenant '{issuer.Tenant}' is not a valid tenant id.");
            }
        }
        else if (string.IsNullOrWhiteSpace(issuer.TenantClaim))
        {
            failures.Add($"{prefix}:TenantClaim is required unless {prefix}:Tenant is set.");
        }

        if (string.IsNullOrWhiteSpace(issuer.ScopeClaim))
        {
            failures.Add($"{prefix}:ScopeClaim is required.");
        }

        if (string.IsNullOrWhiteSpace(issuer.SubjectClaim))
        {
            failures.Add($"{prefix}:SubjectClaim is required.");
        }
    }

    private static void ValidateKeySource(List<string> failures, string prefix, ExternalIssuerOptions issuer)
    {
        var hasUrl = !string.IsNullOrWhiteSpace(issuer.JwksUrl);
        var hasKeys = issuer.Keys.Count > 0;
        if (hasUrl == hasKeys)
        {
            failures.Add($"{prefix} needs exactly one of JwksUrl and Keys.");
        }

        if (hasUrl && !IsAcceptableJwksUrl(issuer.JwksUrl))
        {
            failures.Add($"{prefix}:JwksUrl must be an absolute https URL (http only to a loopback host).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < issuer.Keys.Count; i++)
        {
            var key = issuer.Keys[i];
            if (string.IsNullOrWhiteSpace(key.Id))
            {
                failures.Add($"{prefix}:Keys:{i}:Id is required: the key id (kid) in the issuer's tokens.");
            }
            else if (!ids.Add(key.Id))
            {
                failures.Add($"{prefix}:Keys:{i}:Id '{key.Id}' is used by another key of the issuer.");
            }

            if (PemPublicKeys.Check(key.Pem) is { } error)
            {
                failures.Add($"{prefix}:Keys:{i}:Pem {error}.");
            }
        }
    }

    /// <summary>True for https, or http to a loopback host (a local identity provider in development or tests).</summary>
    public static bool IsAcceptableJwksUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static int? DecodedLength(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? written : null;
    }
}
