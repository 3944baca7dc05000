namespace Tollgate.Identity.Sessions;

/// <summary>How a login or refresh ended.</summary>
public enum SessionOutcome
{
    /// <summary>Tokens were issued.</summary>
    Succeeded,

    /// <summary>Wrong email or password, or a disabled user (never said which).</summary>
    InvalidCredentials,

    /// <summary>Too many recent failures for the account or the address; wait <see cref="SessionResult.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The refresh token is unknown, expired, revoked or was already used.</summary>
    InvalidRefreshToken,

    /// <summary>The user's tenant is disabled.</summary>
    TenantDisabled,
}
