namespace Tollgate.Identity.Users;

/// <summary>How creating a user ended.</summary>
public enum UserCreation
{
    /// <summary>The user exists now.</summary>
    Created,

    /// <summary>The email is not a plausible address.</summary>
    InvalidEmail,

    /// <summary>The password does not meet the policy; the message says why.</summary>
    WeakPassword,

    /// <summary>Another user has this email.</summary>
    EmailTaken,

    /// <summary>The tenant does not exist.</summary>
    UnknownTenant,
}
