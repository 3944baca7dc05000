namespace Tollgate.Identity.Tokens;

/// <summary>
/// Supplies the master key, from which the default JWT signing key is derived when <c>Identity:Jwt:SigningKeys</c> is
/// empty, so a fresh installation signs sessions without any key configured.
/// </summary>
public interface IMasterKeySource
{
    /// <summary>The 32-byte master key. Called once, when the signing keys are first needed; the array is not kept.</summary>
    byte[] GetMasterKey();
}
