using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Tollgate.Identity.Passwords;

/// <summary>
/// Hashes user passwords with PBKDF2-HMAC-SHA512 from the BCL (no native dependency), in a self-describing string
/// <c>pbkdf2-sha512$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>, so the cost can be raised later and
/// old hashes upgraded on the next successful login. Thread-safe.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Injected as a service, so callers do not depend on it being stateless.")]
public sealed class PasswordHasher
{
    /// <summary>PBKDF2 iterations of new hashes (the OWASP recommendation for HMAC-SHA512).</summary>
    public const int Iterations = 210_000;

    /// <summary>
    /// A well-formed hash of no known password, at today's cost: verifying against it takes as long as a real check.
    /// </summary>
    internal static readonly string DummyHash = Format(Iterations, RandomNumberGenerator.GetBytes(SaltSize), RandomNumberGenerator.GetBytes(HashSize));

    private const string Algorithm = "pbkdf2-sha512";
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int MinStoredHashSize = 16;
    private const int MaxStoredHashSize = 64;

    /// <summary>Caps the work a corrupt or hostile stored hash can ask for.</summary>
    private const int MaxIterations = 10_000_000;

    /// <summary>A new hash of <paramref name="password"/> with a random salt.</summary>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, HashSize);
        return Format(Iterations, salt, hash);
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a stored hash in constant time. A stored hash that cannot be read
    /// fails rather than throws: login must answer the same way whatever is in the database.
    /// </summary>
    public PasswordVerification Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(storedHash);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return PasswordVerification.Failed;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return iterations < Iterations ? PasswordVerification.SucceededRehashNeeded : PasswordVerification.Succeeded;
    }

    /// <summary>
    /// Spends the time of a real <see cref="Verify"/> and discards the result. Call it when a login names an unknown
    /// email, so response times do not reveal which emails have accounts.
    /// </summary>
    public void VerifyDummy(string password) => _ = Verify(password, DummyHash);

    private static string Format(int iterations, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        return parts.Length == 4
            && parts[0] == Algorithm
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            && iterations is > 0 and <= MaxIterations
            && TryDecode(parts[2], out salt)
            && salt.Length > 0
            && TryDecode(parts[3], out hash)
            && hash.Length is >= MinStoredHashSize and <= MaxStoredHashSize;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        var buffer = new byte[base64.Length / 4 * 3];
        if (Convert.TryFromBase64String(base64, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
