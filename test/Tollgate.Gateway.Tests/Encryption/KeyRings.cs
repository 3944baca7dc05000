using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Gateway.Tests.Encryption;

/// <summary>Builds <see cref="PayloadEncryption"/> instances over given keys, the first encrypting.</summary>
public static class KeyRings
{
    /// <summary>A new random 32-byte key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(PayloadEncryption.KeySize);

    public static PayloadEncryption Create(params (string Id, byte[] Key)[] keys) => Create(maxEnvelopeBytes: null, keys);

    public static PayloadEncryption Create(int? maxEnvelopeBytes, params (string Id, byte[] Key)[] keys)
    {
        var options = new PayloadEncryptionOptions();
        if (maxEnvelopeBytes is { } max)
        {
            options.MaxEnvelopeBytes = max;
        }

        foreach (var (id, key) in keys)
        {
            options.Keys.Add(new PayloadKeyOptions { Id = id, Key = Convert.ToBase64String(key) });
        }

        return new PayloadEncryption(Options.Create(options));
    }
}
