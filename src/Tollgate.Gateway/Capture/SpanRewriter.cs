using System.Buffers;
using System.Diagnostics;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// A copy of a span with ranges replaced, built left to right. Nothing is copied or rented until the first
/// replacement, so text without secrets costs no copy; the copy lives in an array from <see cref="ArrayPool{T}.Shared"/>
/// until <see cref="Dispose"/>.
/// </summary>
internal ref struct SpanRewriter<T>
    where T : unmanaged
{
    private readonly ReadOnlySpan<T> source;
    private T[]? rented;
    private int length;
    private int copied;

    public SpanRewriter(ReadOnlySpan<T> source) => this.source = source;

    /// <summary>True once anything was replaced.</summary>
    public readonly bool Changed => rented is not null;

    /// <summary>Replaces <c>source[start..end]</c>; ranges must come in order and not overlap.</summary>
    public void Replace(int start, int end, ReadOnlySpan<T> replacement)
    {
        Debug.Assert(start >= copied && end >= start && end <= source.Length);
        Append(source[copied..start]);
        Append(replacement);
        copied = end;
    }

    /// <summary>The rewritten <c>source[..end]</c>; <paramref name="end"/> is at or after the last replacement.</summary>
    public ReadOnlySpan<T> Complete(int end)
    {
        Debug.Assert(end >= copied && end <= source.Length);
        if (rented is null)
        {
            return source[..end];
        }

        Append(source[copied..end]);
        copied = end;
        return rented.AsSpan(0, length);
    }

    public void Dispose()
    {
        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
            rented = null;
        }
    }

    private void Append(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty && rented is not null)
        {
            return;
        }

        var needed = length + items.Length;
        if (rented is null)
        {
            rented = ArrayPool<T>.Shared.Rent(Math.Max(needed, source.Length + 64));
        }
        else if (needed > rented.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, rented.Length * 2));
            rented.AsSpan(0, length).CopyTo(larger);
            ArrayPool<T>.Shared.Return(rented);
            rented = larger;
        }

        items.CopyTo(rented.AsSpan(length));
        length = needed;
    }
}
