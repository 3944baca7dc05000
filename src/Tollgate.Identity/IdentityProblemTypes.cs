namespace Tollgate.Identity;

/// <summary>The stable problem <c>type</c> URIs of authentication, authorization, tenancy and rate limiting.</summary>
public static class IdentityProblemTypes
{
    private const string Prefix = "urn:tollgate:problem:";

    /// <summary>401: no credentials, or credentials that are not valid (unknown, revoked, expired, bad signature).</summary>
    public const string Unauthenticated = Prefix + "unauthenticated";

    /// <summary>403: the principal is valid but lacks the scope the endpoint needs.</summary>
    public const string Forbidden = Prefix + "forbidden";

    /// <summary>403: the principal's tenant is disabled.</summary>
    public const string TenantDisabled = Prefix + "tenant-disabled";

    /// <summary>404: the tenant named in <c>X-Tollgate-Tenant</c> does not exist, or the caller may not act on it.</summary>
    public const string TenantNotFound = Prefix + "tenant-not-found";

    /// <summary>429: a rate limit was hit; <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = Prefix + "rate-limited";

    /// <summary>429: too many failed logins for this account or address; <c>Retry-After</c> says when to try again.</summary>
    public const string LoginThrottled = Prefix + "login-throttled";

    /// <summary>401: wrong email or password (the response never says which).</summary>
    public const string InvalidCredentials = Prefix + "invalid-credentials";

    /// <summary>401: the refresh token is unknown, expired, revoked or already used.</summary>
    public const string InvalidRefreshToken = Prefix + "invalid-refresh-token";

    /// <summary>400: the password does not meet the policy; <c>detail</c> says what to change.</summary>
    public const string WeakPassword = Prefix + "weak-password";

    /// <summary>409: the email is already registered, or the tenant id is taken.</summary>
    public const string AlreadyExists = Prefix + "already-exists";
}
