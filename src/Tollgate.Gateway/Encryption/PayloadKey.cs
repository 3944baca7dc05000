using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// One decoded key of the ring: its id as UTF-8 (the bytes that travel as <c>kid</c> and are the associated data) and
/// a small pool of <see cref="AesGcm"/> instances, which are not thread-safe and cost about as much to create as a
/// 1 KB encryption.
/// </summary>
internal sealed class PayloadKey(string id, byte[] key)
{
    /// <summary>Instances kept per key; more are created under load and disposed when returned.</summary>
    private static readonly int MaxPooled = Environment.ProcessorCount * 2;

    private readonly ConcurrentQueue<AesGcm> ciphers = new();

    public string Id { get; } = id;

    public byte[] IdUtf8 { get; } = Encoding.UTF8.GetBytes(id);

    /// <summary>An instance for this key, for one thread's exclusive use until <see cref="ReturnCipher"/>.</summary>
    public AesGcm RentCipher() => ciphers.TryDequeue(out var cipher) ? cipher : new AesGcm(key, PayloadEncryption.TagSize);

    /// <summary>Gives back an instance from <see cref="RentCipher"/>, after success or failure alike.</summary>
    public void ReturnCipher(AesGcm cipher)
    {
        if (ciphers.Count < MaxPooled)
        {
            ciphers.Enqueue(cipher);
        }
        else
        {
            cipher.Dispose();
        }
    }
}
