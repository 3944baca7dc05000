using System.Buffers;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// The copy of one body in one direction of one exchange, taken as the body streams through: at most
/// <see cref="MaxBytes"/> bytes are kept, every byte is counted. The array is rented from
/// <see cref="ArrayPool{T}.Shared"/> on the first byte, twice the size of that first write, and grows fourfold up to
/// the cap, so a small body never holds a cap-sized array and a large one moves to a larger array only a few times;
/// it is returned on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Returned arrays are not cleared: the same bytes already pass through the server's and the proxy's pooled buffers,
/// which are not cleared either, so clearing ours would cost a pass over every body and protect nothing.
/// Not thread-safe: one reader or writer of the body appends, and the recorder reads after the exchange.
/// </remarks>
public sealed class BodyCaptureBuffer : IDisposable
{
    private const int MinimumRent = 256;

    private byte[]? buffer;
    private int written;

    /// <summary>A buffer keeping at most <paramref name="maxBytes"/> bytes (0 to <see cref="RequestLimits.MaxBodyBytes"/>); 0 only counts.</summary>
    public BodyCaptureBuffer(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, RequestLimits.MaxBodyBytes);
        MaxBytes = maxBytes;
    }

    /// <summary>The cap: most bytes kept.</summary>
    public int MaxBytes { get; }

    /// <summary>Every byte appended, kept or not: the body's size as far as it went through.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>True when more bytes went through than the cap kept.</summary>
    public bool Truncated => TotalBytes > MaxBytes;

    /// <summary>False once <see cref="StopCapturing"/> or <see cref="Dispose"/> was called: appends only count from then on.</summary>
    public bool IsCapturing { get; private set; } = true;

    /// <summary>The length of the rented array (0 before the first byte); never above the cap rounded up to the pool's next size.</summary>
    public int Capacity => buffer?.Length ?? 0;

    /// <summary>The bytes kept, as they came.</summary>
    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, written);

    /// <summary>
    /// The bytes kept, less a multi-byte UTF-8 sequence the cap cut in two when <see cref="Truncated"/> (a 4-byte emoji
    /// cut after its third byte loses those three bytes), so decoding never ends in a replacement character.
    /// </summary>
    public ReadOnlySpan<byte> GetCompleteUtf8()
    {
        var span = WrittenSpan;
        return Truncated ? span[..Utf8Boundary.CompleteLength(span)] : span;
    }

    /// <summary>Counts <paramref name="data"/> and copies what fits under the cap.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        var room = MaxBytes - written;
        if (room == 0 || data.IsEmpty || !IsCapturing)
        {
            return;
        }

        var take = Math.Min(room, data.Length);
        Reserve(written + take);
        data[..take].CopyTo(buffer.AsSpan(written));
        written += take;
    }

    /// <summary>Counts bytes that went through without being seen (a file sent by the server), as if appended past the cap.</summary>
    internal void Skip(long count)
    {
        TotalBytes += count;
        if (IsCapturing && count > 0 && written < MaxBytes)
        {
            // The kept prefix would have a hole; what was kept is no longer the body's start.
            StopCapturing();
        }
    }

    /// <summary>Discards what was kept and keeps nothing more, still counting: for a body that turned out not to be text.</summary>
    public void StopCapturing()
    {
        IsCapturing = false;
        Release();
    }

    /// <summary>Returns the array; appends after this only count.</summary>
    public void Dispose() => StopCapturing();

    private void Reserve(int needed)
    {
        if (buffer is not null && needed <= buffer.Length)
        {
            return;
        }

        var size = Math.Min(MaxBytes, Math.Max(Math.Max(MinimumRent, needed * 2), (buffer?.Length ?? 0) * 4));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        if (buffer is not null)
        {
            buffer.AsSpan(0, written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = larger;
    }

    private void Release()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        written = 0;
    }
}
