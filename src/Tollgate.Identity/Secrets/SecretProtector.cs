using System.Security.Cryptography;

namespace Tollgate.Identity.Secrets;

/// <summary>
/// Encrypts the HMAC signing secrets of API keys at rest. Unlike API keys they cannot be stored as a hash: the server
/// needs the secret itself to check signatures. AES-256-GCM under a subkey of the master key; the key id is the
/// associated data, so a blob copied onto another key's row does not decrypt. Thread-safe.
/// </summary>
/// <remarks>Blob layout: version (1 byte, 1) | nonce (12) | tag (16) | ciphertext.</remarks>
public sealed class SecretProtector
{
    private const string Purpose = "tollgate:signing-secrets";
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] key;

    /// <summary>Derives the encryption key from <paramref name="masterKey"/> (see <see cref="MasterKey.Derive"/>).</summary>
    public SecretProtector(byte[] masterKey)
    {
        key = MasterKey.Derive(masterKey, Purpose);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for the record <paramref name="associatedId"/>; a fresh random nonce each time.</summary>
    public byte[] Protect(ReadOnlySpan<byte> plaintext, Guid associatedId)
    {
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associatedData = stackalloc byte[16];
        associatedId.TryWriteBytes(associatedData);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), associatedData);
        return blob;
    }

    /// <summary>Decrypts a blob made by <see cref="Protect"/> for the same <paramref name="associatedId"/>.</summary>
    /// <exception cref="CryptographicException">
    /// The blob is malformed, of an unknown version, was altered, or belongs to another id or master key.
    /// </exception>
    public byte[] Unprotect(ReadOnlySpan<byte> blob, Guid associatedId)
    {
        if (blob.Length < HeaderSize || blob[0] != Version)
        {
            throw new CryptographicException("The protected secret is malformed or of an unknown version.");
        }

        var plaintext = new byte[blob.Length - HeaderSize];
        Span<byte> associatedData = stackalloc byte[16];
        associatedId.TryWriteBytes(associatedData);
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob.Slice(1, NonceSize), blob[HeaderSize..], blob.Slice(1 + NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
