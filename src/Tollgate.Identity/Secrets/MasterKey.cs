using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Identity.Secrets;

/// <summary>
/// The one 32-byte secret every other server-side key is derived from (signing-secret encryption, the default JWT
/// signing key). It comes from <c>Identity:MasterKey</c> or, when that is unset, from a key file next to the database
/// that is generated on first start, so a single-node install is secure without any configuration.
/// </summary>
public static class MasterKey
{
    /// <summary>Bytes in a master key.</summary>
    internal const int Length = 32;

    private const string SettingName = "Identity:MasterKey";

    /// <summary>
    /// The configured key when <paramref name="configuredBase64"/> is set, else the key in <paramref name="keyFilePath"/>,
    /// else a new random key written there (owner read/write only). <paramref name="created"/> is true only when this
    /// call wrote the file. When two processes start at once, both end up with the key of whichever wrote first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configured key or the key file is not base64 of 32 bytes.</exception>
    public static byte[] LoadOrCreate(string? configuredBase64, string keyFilePath, out bool created)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFilePath);
        created = false;
        if (!string.IsNullOrWhiteSpace(configuredBase64))
        {
            return TryDecode(configuredBase64)
                ?? throw new InvalidOperationException($"{SettingName} must be base64 of exactly {Length} bytes (for example, the output of `openssl rand -base64 32`).");
        }

        if (File.Exists(keyFilePath))
        {
            return ReadKeyFile(keyFilePath);
        }

        var key = RandomNumberGenerator.GetBytes(Length);
        if (TryCreateKeyFile(keyFilePath, key))
        {
            created = true;
            return key;
        }

        CryptographicOperations.ZeroMemory(key);
        return ReadKeyFile(keyFilePath);
    }

    /// <summary>
    /// A subkey for one purpose (HKDF-SHA256, empty salt, info = UTF-8 of <paramref name="purpose"/>). Distinct purposes
    /// give independent keys, so no two uses ever share key material.
    /// </summary>
    public static byte[] Derive(byte[] masterKey, string purpose, int length = 32)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (masterKey.Length != Length)
        {
            throw new ArgumentException($"A master key has {Length} bytes.", nameof(masterKey));
        }

        return HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, length, salt: [], info: Encoding.UTF8.GetBytes(purpose));
    }

    private static byte[]? TryDecode(string base64)
    {
        var key = new byte[Length];
        if (Convert.TryFromBase64String(base64.Trim(), key, out var written) && written == Length)
        {
            return key;
        }

        CryptographicOperations.ZeroMemory(key);
        return null;
    }

    private static byte[] ReadKeyFile(string path) =>
        TryDecode(File.ReadAllText(path))
        ?? throw new InvalidOperationException(
            $"The master key file '{path}' does not hold base64 of exactly {Length} bytes. Restore it from backup: secrets encrypted under it cannot be read without it.");

    /// <summary>
    /// Writes the key to a private temporary file and moves it into place without overwriting, so no reader ever sees
    /// a partial file and a concurrent writer's key is never replaced. False when another process got there first.
    /// </summary>
    private static bool TryCreateKeyFile(string path, byte[] key)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
