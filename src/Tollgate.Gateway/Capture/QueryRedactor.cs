using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// Redacts <c>name=value&amp;…</c> text (query strings, form bodies, URL fragments) in UTF-8 or UTF-16: the value of a
/// sensitive name is masked whole; other values, and names without a value, go through the
/// <see cref="SecretDetector"/>. Names and values are percent-decoded (and <c>+</c> read as a space) before they are
/// compared or scanned, so encoding a name or a token does not hide it. Immutable and thread-safe.
/// </summary>
internal sealed class QueryRedactor(SensitiveNames names, bool detectSecrets)
{
    private const int StackBytes = 256;

    /// <summary>Records the replacements of <c>text</c>, which starts at <paramref name="offset"/> of the rewriter's source.</summary>
    public void Redact<T>(ReadOnlySpan<T> text, int offset, ref SpanRewriter<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        var ampersand = T.CreateTruncating('&');
        var equals = T.CreateTruncating('=');
        var position = 0;
        while (true)
        {
            var rest = text[position..];
            var length = rest.IndexOf(ampersand);
            var pair = length < 0 ? rest : rest[..length];
            var separator = pair.IndexOf(equals);
            if (separator >= 0)
            {
                var value = pair[(separator + 1)..];
                var valueStart = offset + position + separator + 1;
                if (!value.IsEmpty && IsSensitive(pair[..separator]))
                {
                    output.Replace(valueStart, valueStart + value.Length, SecretDetector.Mask<T>());
                }
                else if (detectSecrets && !value.IsEmpty)
                {
                    RedactValue(value, valueStart, ref output);
                }
            }
            else if (detectSecrets && !pair.IsEmpty)
            {
                RedactValue(pair, offset + position, ref output);
            }

            if (length < 0)
            {
                return;
            }

            position += length + 1;
        }
    }

    private bool IsSensitive<T>(ReadOnlySpan<T> name)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!IsEncoded(name))
        {
            return typeof(T) == typeof(byte)
                ? names.Contains(MemoryMarshal.Cast<T, byte>(name))
                : names.Contains(MemoryMarshal.Cast<T, char>(name));
        }

        if (name.Length > StackBytes)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[StackBytes];
        return names.Contains(decoded[..PercentDecode(name, decoded)]);
    }

    private static void RedactValue<T>(ReadOnlySpan<T> value, int start, ref SpanRewriter<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!IsEncoded(value))
        {
            SecretDetector.Redact(value, start, ref output);
            return;
        }

        // An encoded value is scanned decoded and, when it holds a secret, masked whole: re-encoding a partly masked
        // value is not worth its cost for what is rare.
        var rented = ArrayPool<byte>.Shared.Rent(value.Length);
        try
        {
            if (SecretDetector.Contains<byte>(rented.AsSpan(0, PercentDecode(value, rented))))
            {
                output.Replace(start, start + value.Length, SecretDetector.Mask<T>());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsEncoded<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T> =>
        text.IndexOfAny(T.CreateTruncating('%'), T.CreateTruncating('+')) >= 0;

    /// <summary>
    /// Percent-decodes into bytes, <c>+</c> as a space; a UTF-16 unit outside ASCII (never part of a secret's
    /// shape) becomes 0x80. <paramref name="destination"/> holds at least <c>text.Length</c> bytes.
    /// </summary>
    private static int PercentDecode<T>(ReadOnlySpan<T> text, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = int.CreateTruncating(text[i]);
            if (c == '%' && i + 2 < text.Length
                && HexValue(int.CreateTruncating(text[i + 1])) is var high and >= 0
                && HexValue(int.CreateTruncating(text[i + 2])) is var low and >= 0)
            {
                destination[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                destination[length++] = c == '+' ? (byte)' ' : c < 0x100 ? (byte)c : (byte)0x80;
            }
        }

        return length;
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
