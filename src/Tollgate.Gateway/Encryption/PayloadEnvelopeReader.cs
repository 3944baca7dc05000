using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Parses an envelope strictly (one JSON object, exactly the string members <c>kid</c>, <c>iv</c>, <c>ct</c>,
/// <c>tag</c>, in any order, the binary ones base64url without padding) without throwing and without allocating
/// more than the ciphertext it returns, whatever a client sends.
/// </summary>
internal static class PayloadEnvelopeReader
{
    private static readonly SearchValues<byte> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    [Flags]
    private enum Members
    {
        None = 0,
        Kid = 1,
        Iv = 2,
        Ct = 4,
        Tag = 8,
        All = Kid | Iv | Ct | Tag,
    }

    /// <summary>
    /// Reads <paramref name="json"/>. False when it is not a well-formed envelope. When true, <paramref name="key"/>
    /// is the ring's key named by <c>kid</c>, or null when there is none; <paramref name="iv"/> and
    /// <paramref name="tag"/> are filled, and <paramref name="ciphertext"/> is a new array the caller may decrypt in place.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> json,
        PayloadKey[] keys,
        Span<byte> iv,
        Span<byte> tag,
        out PayloadKey? key,
        [NotNullWhen(true)] out byte[]? ciphertext)
    {
        key = null;
        ciphertext = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seen = Members.None;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Identify(ref reader);
                if (member == Members.None || (seen & member) != 0 || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                seen |= member;
                var valid = member switch
                {
                    Members.Kid => FindKey(ref reader, keys, out key),
                    Members.Iv => TryDecodeExactly(ref reader, iv),
                    Members.Tag => TryDecodeExactly(ref reader, tag),
                    _ => TryDecode(ref reader, out ciphertext),
                };
                if (!valid)
                {
                    return false;
                }
            }

            // The object must be complete and alone: Read throws on anything but whitespace after it.
            return reader.TokenType == JsonTokenType.EndObject && seen == Members.All && !reader.Read() && ciphertext is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Members Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("kid"u8) ? Members.Kid
        : reader.ValueTextEquals("iv"u8) ? Members.Iv
        : reader.ValueTextEquals("ct"u8) ? Members.Ct
        : reader.ValueTextEquals("tag"u8) ? Members.Tag
        : Members.None;

    /// <summary>Any string is a well-formed kid; one that names no key leaves <paramref name="key"/> null.</summary>
    private static bool FindKey(ref Utf8JsonReader reader, PayloadKey[] keys, out PayloadKey? key)
    {
        key = null;
        foreach (var candidate in keys)
        {
            if (reader.ValueTextEquals(candidate.IdUtf8))
            {
                key = candidate;
                break;
            }
        }

        return true;
    }

    /// <summary>Decodes the current string into <paramref name="destination"/>, which it must fill exactly.</summary>
    private static bool TryDecodeExactly(ref Utf8JsonReader reader, Span<byte> destination)
    {
        byte[]? unescaped = null;
        try
        {
            return TryGetBase64Url(ref reader, ref unescaped, out var text, out var length)
                && length == destination.Length
                && Base64Url.DecodeFromUtf8(text, destination, out _, out _) == OperationStatus.Done;
        }
        finally
        {
            Return(unescaped);
        }
    }

    /// <summary>Decodes the current string into a new array of its decoded length.</summary>
    private static bool TryDecode(ref Utf8JsonReader reader, [NotNullWhen(true)] out byte[]? decoded)
    {
        decoded = null;
        byte[]? unescaped = null;
        try
        {
            if (!TryGetBase64Url(ref reader, ref unescaped, out var text, out var length))
            {
                return false;
            }

            var bytes = new byte[length];
            if (Base64Url.DecodeFromUtf8(text, bytes, out _, out _) != OperationStatus.Done)
            {
                return false;
            }

            decoded = bytes;
            return true;
        }
        finally
        {
            Return(unescaped);
        }
    }

    /// <summary>
    /// The current string's text when it is base64url without padding (only A-Z, a-z, 0-9, '-', '_'; no '=', no
    /// whitespace), with the length it decodes to. The decoder then refuses non-zero bits after the last byte, so every
    /// byte string has exactly one accepted encoding.
    /// </summary>
    private static bool TryGetBase64Url(ref Utf8JsonReader reader, ref byte[]? unescaped, out ReadOnlySpan<byte> text, out int decodedLength)
    {
        text = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            // Legal JSON, though no encoder escapes these characters; unescaping never lengthens a string.
            unescaped = ArrayPool<byte>.Shared.Rent(text.Length);
            text = unescaped.AsSpan(0, reader.CopyString(unescaped));
        }

        decodedLength = text.Length / 4 * 3 + Math.Max(text.Length % 4 - 1, 0);
        return text.Length % 4 != 1 && !text.ContainsAnyExcept(Base64UrlAlphabet);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
