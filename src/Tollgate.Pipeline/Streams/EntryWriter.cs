using System.Buffers;
using System.Text;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Writes the compact binary payload of a stream entry: unsigned LEB128 varints for counts and lengths, zigzag varints
/// for signed numbers, UTC ticks for times, 16 raw bytes (big-endian) for ids, and length-prefixed UTF-8 for strings,
/// where the prefix is the byte count plus one so that 0 can mean null. <see cref="EntryReader"/> reads it back.
/// </summary>
/// <remarks>
/// Not thread-safe. Encoding is synchronous, so each thread reuses one buffer (<see cref="Rent"/>): a payload then costs
/// one allocation, its exact-size array, instead of a growing buffer and a copy.
/// </remarks>
internal sealed class EntryWriter
{
    // A buffer grown past this by an unusually large batch is not kept, so one burst does not pin memory for good.
    private const int RetainedCapacity = 1 << 20;

    // Strings this short take at most 126 UTF-8 bytes, so their length prefix is one byte whatever they contain.
    private const int ShortString = 42;

    [ThreadStatic]
    private static EntryWriter? cached;

    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);

    /// <summary>This thread's writer, emptied; hand the payload out with <see cref="ToArray"/> before rent is called again on the thread.</summary>
    public static EntryWriter Rent()
    {
        var writer = cached ??= new EntryWriter();
        writer.buffer.ResetWrittenCount();
        return writer;
    }

    /// <summary>The payload written so far, copied into an array of its exact size; lets go of an oversized buffer.</summary>
    public byte[] ToArray()
    {
        var payload = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > RetainedCapacity)
        {
            cached = null;
        }

        return payload;
    }

    public void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteUnsigned(ulong value)
    {
        var span = buffer.GetSpan(10);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        buffer.Advance(written);
    }

    public void WriteSigned(long value) => WriteUnsigned((ulong)((value << 1) ^ (value >> 63)));

    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
        buffer.Advance(16);
    }

    public void WriteTimestamp(DateTimeOffset value) => WriteUnsigned((ulong)value.UtcTicks);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteUnsigned(0);
            return;
        }

        if (value.Length <= ShortString)
        {
            var span = buffer.GetSpan(1 + (value.Length * 3));
            var written = Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)(written + 1);
            buffer.Advance(written + 1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteUnsigned((ulong)length + 1);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteUnsigned((ulong)value.Length);
        value.CopyTo(buffer.GetSpan(value.Length));
        buffer.Advance(value.Length);
    }
}
