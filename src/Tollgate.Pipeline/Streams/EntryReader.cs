using System.Text;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Reads a payload written by <see cref="EntryWriter"/>. Every read checks its bounds and throws
/// <see cref="FormatException"/> on truncated, oversized or malformed data, so a damaged entry is refused, never
/// half-read. Byte arrays come back as slices of the payload, without copying.
/// </summary>
internal struct EntryReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlyMemory<byte> payload;
    private int position;

    public EntryReader(ReadOnlyMemory<byte> payload) => this.payload = payload;

    private readonly ReadOnlySpan<byte> Rest => payload.Span[position..];

    public byte ReadByte()
    {
        if (position >= payload.Length)
        {
            throw Truncated();
        }

        return payload.Span[position++];
    }

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new FormatException($"The payload has {other} where a flag (0 or 1) belongs."),
    };

    public ulong ReadUnsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = ReadByte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("The payload has a number longer than 64 bits.");
    }

    public long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadInt32InRange(int min, int max, string what)
    {
        var value = ReadSigned();
        return value >= min && value <= max
            ? (int)value
            : throw new FormatException($"The payload's {what} {value} is out of range.");
    }

    public int ReadCount(string what)
    {
        var value = ReadUnsigned();

        // Every item takes at least one byte, so a count beyond the bytes left is damage, not data.
        return value <= (ulong)(payload.Length - position)
            ? (int)value
            : throw new FormatException($"The payload's {what} count {value} exceeds its size.");
    }

    public Guid ReadGuid()
    {
        if (Rest.Length < 16)
        {
            throw Truncated();
        }

        var value = new Guid(Rest[..16], bigEndian: true);
        position += 16;
        return value;
    }

    public DateTimeOffset ReadTimestamp()
    {
        var ticks = ReadUnsigned();
        return ticks <= (ulong)DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset((long)ticks, TimeSpan.Zero)
            : throw new FormatException("The payload has a time out of range.");
    }

    public string? ReadString()
    {
        var prefix = ReadUnsigned();
        if (prefix == 0)
        {
            return null;
        }

        var span = Take(prefix - 1);
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("The payload has a string that is not valid UTF-8.", ex);
        }
    }

    public string ReadRequiredString(string what) =>
        ReadString() ?? throw new FormatException($"The payload lacks the required {what}.");

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadUnsigned();
        var start = position;
        _ = Take(length);
        return payload.Slice(start, (int)length);
    }

    /// <summary>Throws unless every byte was read: trailing bytes mean the payload is not what its version says.</summary>
    public readonly void EnsureEnd()
    {
        if (position != payload.Length)
        {
            throw new FormatException($"The payload has {payload.Length - position} unexpected trailing bytes.");
        }
    }

    private static FormatException Truncated() => new("The payload ends early.");

    private ReadOnlySpan<byte> Take(ulong length)
    {
        if (length > (ulong)(payload.Length - position))
        {
            throw Truncated();
        }

        var span = payload.Span.Slice(position, (int)length);
        position += (int)length;
        return span;
    }
}
