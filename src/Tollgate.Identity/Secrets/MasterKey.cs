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

        return CreateOrReadKeyFile(keyFilePath, out created);
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
    /// Creates the key file under an exclusive lock on <c>{path}.lock</c>, so of several first starts at once (threads or
    /// processes) exactly one generates the key and the others read it. The key is written to a private temporary
    /// file and renamed into place, so no reader ever sees a partial file. A non-overwriting rename alone is not enough:
    /// where the file system cannot hard-link, .NET falls back to a check-then-rename that two starters can both pass.
    /// </summary>
    private static byte[] CreateOrReadKeyFile(string path, out bool created)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // The lock file is removed before it is released: by then the key file exists, and whoever locks a new lock
        // file afterwards finds the key and only reads it, so no lock file is left behind.
        var lockPath = path + ".lock";
        using var gate = AcquireLock(lockPath);
        try
        {
            return CreateOrRead(path, out created);
        }
        finally
        {
            File.Delete(lockPath);
        }
    }

    private static byte[] CreateOrRead(string path, out bool created)
    {
        if (File.Exists(path))
        {
            created = false;
            return ReadKeyFile(path);
        }

        var key = RandomNumberGenerator.GetBytes(Length);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, PrivateFile(FileMode.CreateNew, FileAccess.Write)))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        created = true;
        return key;
    }

    private static FileStream AcquireLock(string lockPath)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite));
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    private static FileStreamOptions PrivateFile(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
