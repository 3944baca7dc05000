using System.Buffers;

namespace Tollgate.Server.Http;

/// <summary>Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>; returned on dispose.</summary>
/// <remarks>Not thread-safe. Nothing may use <see cref="Memory"/> after dispose.</remarks>
internal sealed class PooledBuffer(byte[] array, int length) : IDisposable
{
    private byte[]? _array = array;

    public ReadOnlyMemory<byte> Memory => new(_array ?? throw new ObjectDisposedException(nameof(PooledBuffer)), 0, length);

    public void Dispose()
    {
        if (_array is { } rented)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
