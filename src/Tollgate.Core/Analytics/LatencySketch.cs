using System.Buffers;

namespace Tollgate.Core.Analytics;

/// <summary>
/// A mergeable latency histogram with bounded relative error (DDSketch's logarithmic mapping): a value v ≥ 1 µs falls
/// in bin ⌈log<sub>γ</sub> v⌉ with γ = (1 + α) / (1 − α), and every quantile it answers lies within
/// <see cref="RelativeAccuracy"/> (1%) of the value of that rank. Rollups keep one per bucket, so percentiles over any
/// range are the merge of the buckets' sketches: exact counts added, no re-sampling, no error that grows with merging.
/// </summary>
/// <remarks>
/// Values are microseconds; 0 µs has a bin of its own. The bins cover 1 µs to beyond a day in about 1,400 indexes, held
/// densely between the lowest and highest one used. <see cref="Encode(IBufferWriter{byte})"/> writes only non-empty
/// bins (varint deltas), typically 100–400 bytes for one route's hour. Not thread-safe.
/// </remarks>
public sealed class LatencySketch
{
    /// <summary>The largest relative error of a quantile: 1%, half the 2% the analytics promise.</summary>
    public const double RelativeAccuracy = 0.01;

    private const byte FormatVersion = 1;

    // The largest bin index accepted when decoding: a value of long.MaxValue µs lands below it, so anything above is a
    // damaged or foreign encoding, refused before it can size an array.
    private const int MaxIndex = 2_300;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private long[] _bins = [];
    private int _offset;
    private long _count;
    private long _zeroCount;

    // An encoding read from a store and not expanded yet (see FromEncoded): merged into another sketch straight from the
    // bytes, expanded into bins only when this sketch itself is asked or changed.
    private byte[]? _encoded;

    /// <summary>How many values were added (or merged in).</summary>
    public long Count
    {
        get
        {
            Expand();
            return _count;
        }
    }

    /// <summary>How many of them were 0 µs.</summary>
    public long ZeroCount
    {
        get
        {
            Expand();
            return _zeroCount;
        }
    }

    /// <summary>Adds one latency.</summary>
    /// <param name="microseconds">The latency in microseconds; negative values count as 0.</param>
    public void Add(long microseconds) => Add(microseconds, 1);

    /// <summary>Adds <paramref name="count"/> occurrences of one latency.</summary>
    public void Add(long microseconds, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        Expand();
        _count += count;
        if (microseconds <= 0)
        {
            _zeroCount += count;
            return;
        }

        var index = IndexOf(microseconds);
        Ensure(index, index);
        _bins[index - _offset] += count;
    }

    /// <summary>Adds every value of <paramref name="other"/> to this sketch.</summary>
    public void Merge(LatencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._encoded is { } encoded)
        {
            MergeEncoded(encoded);
            return;
        }

        Expand();
        _count += other._count;
        _zeroCount += other._zeroCount;
        if (other._bins.Length == 0)
        {
            return;
        }

        var (low, high) = other.Used();
        if (low > high)
        {
            return;
        }

        Ensure(low, high);
        for (var index = low; index <= high; index++)
        {
            _bins[index - _offset] += other._bins[index - other._offset];
        }
    }

    /// <summary>
    /// The value at <paramref name="quantile"/> by nearest rank (the ⌈q·n⌉-th smallest), within 1% of the exact one;
    /// null when the sketch is empty.
    /// </summary>
    /// <param name="quantile">Between 0 and 1; 0.99 is p99.</param>
    public double? Quantile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        Expand();
        if (_count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * _count));
        if (rank <= _zeroCount)
        {
            return 0;
        }

        var seen = _zeroCount;
        for (var i = 0; i < _bins.Length; i++)
        {
            seen += _bins[i];
            if (seen >= rank)
            {
                return ValueOf(i + _offset);
            }
        }

        return ValueOf(_offset + _bins.Length - 1);
    }

    /// <summary>Writes the sketch in its compact form (version, zero count, then each non-empty bin as index delta and count).</summary>
    public void Encode(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Expand();
        var nonEmpty = 0;
        foreach (var bin in _bins)
        {
            nonEmpty += bin == 0 ? 0 : 1;
        }

        // Version, zero count, bin count: at most 1 + 10 + 5 bytes; each bin at most 5 + 10.
        var span = output.GetSpan(16 + (nonEmpty * 15));
        var written = 0;
        span[written++] = FormatVersion;
        written += WriteVarint(span[written..], (ulong)_zeroCount);
        written += WriteVarint(span[written..], (ulong)nonEmpty);
        var previous = 0;
        for (var i = 0; i < _bins.Length; i++)
        {
            if (_bins[i] == 0)
            {
                continue;
            }

            var index = i + _offset;
            written += WriteVarint(span[written..], (ulong)(index - previous));
            written += WriteVarint(span[written..], (ulong)_bins[i]);
            previous = index;
        }

        output.Advance(written);
    }

    /// <summary>The compact form as a new array.</summary>
    public byte[] ToArray()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Encode(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a sketch written by <see cref="Encode(IBufferWriter{byte})"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch of this format.</exception>
    public static LatencySketch Decode(ReadOnlySpan<byte> encoded)
    {
        var sketch = new LatencySketch();
        sketch.MergeEncoded(encoded);
        return sketch;
    }

    /// <summary>
    /// A sketch over <paramref name="encoded"/> (written by <see cref="Encode(IBufferWriter{byte})"/>, and not to be
    /// changed afterwards) that reads the bytes only when used: merged into another sketch, they are added straight to
    /// its bins. Stores read rollups this way, since a range's rows are merged far more often than one is asked alone.
    /// </summary>
    /// <remarks>Damaged bytes are refused with a <see cref="FormatException"/> on first use, not here.</remarks>
    public static LatencySketch FromEncoded(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return new LatencySketch { _encoded = encoded };
    }

    /// <summary>Adds the values of an encoded sketch without materialising it first.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch of this format.</exception>
    public void MergeEncoded(ReadOnlySpan<byte> encoded)
    {
        Expand();
        var reader = new BinReader(encoded);
        var total = reader.ZeroCount;
        for (reader.MoveNext(); reader.HasBin; reader.MoveNext())
        {
            Ensure(reader.Index, reader.Index);
            _bins[reader.Index - _offset] += reader.Count;
            total += reader.Count;
        }

        reader.EnsureEnd();
        _zeroCount += reader.ZeroCount;
        _count += total;
    }

    /// <summary>
    /// Merges two encoded sketches into a new encoding, walking both bin lists side by side without building a sketch:
    /// the embedded store's upsert calls it once per rollup row and batch, on rows of hundreds of bins.
    /// </summary>
    /// <exception cref="FormatException">Either input is not a sketch of this format.</exception>
    public static byte[] MergeEncoded(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var a = new BinReader(first);
        var b = new BinReader(second);

        // A merged bin costs no more bytes than the two it replaces (its delta is no larger than either's, its count
        // needs at most one byte more than the larger count), so the inputs' lengths bound the output.
        var rented = ArrayPool<byte>.Shared.Rent(first.Length + second.Length + 32);
        try
        {
            var bins = rented.AsSpan(32);
            var written = 0;
            var count = 0;
            var previous = 0;
            a.MoveNext();
            b.MoveNext();
            while (a.HasBin || b.HasBin)
            {
                int index;
                long binCount;
                if (!b.HasBin || (a.HasBin && a.Index < b.Index))
                {
                    (index, binCount) = (a.Index, a.Count);
                    a.MoveNext();
                }
                else if (!a.HasBin || b.Index < a.Index)
                {
                    (index, binCount) = (b.Index, b.Count);
                    b.MoveNext();
                }
                else
                {
                    (index, binCount) = (a.Index, a.Count + b.Count);
                    a.MoveNext();
                    b.MoveNext();
                }

                written += WriteVarint(bins[written..], (ulong)(index - previous));
                written += WriteVarint(bins[written..], (ulong)binCount);
                previous = index;
                count++;
            }

            a.EnsureEnd();
            b.EnsureEnd();
            Span<byte> header = stackalloc byte[32];
            var headerLength = 0;
            header[headerLength++] = FormatVersion;
            headerLength += WriteVarint(header[headerLength..], (ulong)(a.ZeroCount + b.ZeroCount));
            headerLength += WriteVarint(header[headerLength..], (ulong)count);
            var merged = new byte[headerLength + written];
            header[..headerLength].CopyTo(merged);
            bins[..written].CopyTo(merged.AsSpan(headerLength));
            return merged;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Expand()
    {
        if (_encoded is { } encoded)
        {
            _encoded = null;
            MergeEncoded(encoded);
        }
    }

    private static int IndexOf(long microseconds) => (int)Math.Ceiling(Math.Log(microseconds) / LogGamma);

    // The midpoint (in relative terms) of bin i's range (γ^(i-1), γ^i]: at most α from any value in it.
    private static double ValueOf(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    private (int Low, int High) Used()
    {
        var low = 0;
        while (low < _bins.Length && _bins[low] == 0)
        {
            low++;
        }

        var high = _bins.Length - 1;
        while (high >= low && _bins[high] == 0)
        {
            high--;
        }

        return (low + _offset, high + _offset);
    }

    private void Ensure(int low, int high)
    {
        if (_bins.Length == 0)
        {
            // Room for a typical spread around the first value, so the next few adds do not resize.
            _offset = Math.Max(0, low - 32);
            _bins = new long[Math.Max(64, high - _offset + 33)];
            return;
        }

        var end = _offset + _bins.Length;
        if (low >= _offset && high < end)
        {
            return;
        }

        // Grow by at least half again, so bins added in ascending order (a decode) resize a handful of times, not once
        // every few bins.
        var slack = Math.Max(16, _bins.Length / 2);
        var newOffset = low < _offset ? Math.Max(0, Math.Min(_offset, low - slack)) : _offset;
        var newEnd = high >= end ? Math.Max(end, high + slack + 1) : end;
        var grown = new long[newEnd - newOffset];
        Array.Copy(_bins, 0, grown, _offset - newOffset, _bins.Length);
        _bins = grown;
        _offset = newOffset;
    }

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }

    private static long ReadCount(ReadOnlySpan<byte> span, ref int position)
    {
        var value = ReadVarint(span, ref position);
        return value > long.MaxValue / 4
            ? throw new FormatException("The latency sketch holds a count beyond any real one.")
            : (long)value;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw new FormatException("The latency sketch ends in the middle of a number.");
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("The latency sketch holds a number longer than 64 bits.");
    }

    /// <summary>Reads an encoding's bins in order, refusing anything the encoder could not have written.</summary>
    private ref struct BinReader
    {
        private readonly ReadOnlySpan<byte> _encoded;
        private int _position;
        private ulong _remaining;
        private bool _started;

        public BinReader(ReadOnlySpan<byte> encoded)
        {
            if (encoded.Length == 0 || encoded[0] != FormatVersion)
            {
                throw new FormatException("The latency sketch is empty or of an unknown format version.");
            }

            _encoded = encoded;
            _position = 1;
            ZeroCount = ReadCount(encoded, ref _position);
            _remaining = ReadVarint(encoded, ref _position);
            if (_remaining > MaxIndex + 1)
            {
                throw new FormatException("The latency sketch has more bins than any latency needs.");
            }
        }

        public long ZeroCount { get; }

        public bool HasBin { get; private set; }

        public int Index { get; private set; }

        public long Count { get; private set; }

        public void MoveNext()
        {
            if (_remaining == 0)
            {
                HasBin = false;
                return;
            }

            var delta = ReadVarint(_encoded, ref _position);
            if (_started && delta == 0)
            {
                throw new FormatException("The latency sketch's bins are not in ascending order.");
            }

            var index = Index + (long)Math.Min(delta, MaxIndex + 1UL);
            if (index > MaxIndex)
            {
                throw new FormatException("The latency sketch has a bin beyond any latency.");
            }

            Index = (int)index;
            Count = ReadCount(_encoded, ref _position);
            HasBin = true;
            _started = true;
            _remaining--;
        }

        public readonly void EnsureEnd()
        {
            if (_position != _encoded.Length)
            {
                throw new FormatException("The latency sketch has trailing bytes.");
            }
        }
    }
}
