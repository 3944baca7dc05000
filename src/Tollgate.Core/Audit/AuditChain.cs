using System.Buffers;
using System.Security.Cryptography;

namespace Tollgate.Core.Audit;

/// <summary>
/// The hash chain: <c>hash(n) = SHA-256(hash(n-1) ‖ document(n))</c>, with 32 zero bytes before the first event.
/// </summary>
public static class AuditChain
{
    /// <summary>Bytes in a hash.</summary>
    public const int HashSize = 32;

    /// <summary>The "previous hash" of a tenant's first event.</summary>
    public static ReadOnlyMemory<byte> GenesisHash { get; } = new byte[HashSize];

    /// <summary>Computes the hash of a document that follows <paramref name="previousHash"/>.</summary>
    public static byte[] ComputeHash(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> document)
    {
        var hash = new byte[HashSize];
        ComputeHash(previousHash, document, hash);
        return hash;
    }

    /// <summary>Computes the hash of a document that follows <paramref name="previousHash"/> into <paramref name="destination"/>.</summary>
    public static void ComputeHash(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> document, Span<byte> destination)
    {
        if (previousHash.Length != HashSize)
        {
            throw new ArgumentException($"A previous hash has {HashSize} bytes.", nameof(previousHash));
        }

        var length = HashSize + document.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            previousHash.CopyTo(rented);
            document.CopyTo(rented.AsSpan(HashSize));
            SHA256.HashData(rented.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
