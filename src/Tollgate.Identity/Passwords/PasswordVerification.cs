namespace Tollgate.Identity.Passwords;

/// <summary>The outcome of <see cref="PasswordHasher.Verify"/>.</summary>
public enum PasswordVerification
{
    /// <summary>Wrong password, or a stored hash that cannot be read.</summary>
    Failed,

    /// <summary>The password matches.</summary>
    Succeeded,

    /// <summary>The password matches, but the hash is weaker than today's; store <see cref="PasswordHasher.Hash"/> of it.</summary>
    SucceededRehashNeeded,
}
