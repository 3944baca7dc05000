using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Tollgate.Core.Json;

/// <summary>
/// Writes JSON in Tollgate's canonical form, the form audit events are hashed in: object members sorted by name
/// (ordinal UTF-16 code units, as RFC 8785), no insignificant whitespace, strings escaped only where JSON requires
/// it (<c>"</c>, <c>\</c>, and control characters, using the short escapes where they exist and lower-case
/// <c>\u00xx</c> otherwise), numbers exactly as the client wrote them. docs/audit-chain.md specifies it for
/// verifiers in other languages.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="element"/> canonically.</summary>
    /// <exception cref="FormatException">An object has two members of the same name, or a string holds an unpaired surrogate.</exception>
    public static void WriteValue(IBufferWriter<byte> writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteElementObject(writer, element);
                break;
            case JsonValueKind.Array:
                WriteByte(writer, (byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        WriteByte(writer, (byte)',');
                    }

                    first = false;
                    WriteValue(writer, item);
                }

                WriteByte(writer, (byte)']');
                break;
            case JsonValueKind.String:
                // Without a backslash the raw token (quotes included) is already canonical: JSON forbids raw
                // control characters in strings, so only escapes could need rewriting. Saves decoding to UTF-16.
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0 && Utf8.IsValid(raw))
                {
                    writer.Write(raw);
                }
                else
                {
                    WriteString(writer, GetString(element));
                }

                break;
            case JsonValueKind.Number:
                WriteRaw(writer, element.GetRawText());
                break;
            case JsonValueKind.True:
                WriteRaw(writer, "true");
                break;
            case JsonValueKind.False:
                WriteRaw(writer, "false");
                break;
            case JsonValueKind.Null:
                WriteRaw(writer, "null");
                break;
            default:
                throw new FormatException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    /// <summary>Writes a JSON string literal canonically.</summary>
    /// <exception cref="FormatException">The string holds an unpaired surrogate or U+0000.</exception>
    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        WriteByte(writer, (byte)'"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            if (c == '\0')
            {
                // PostgreSQL's text and jsonb cannot hold NUL: refusing it here keeps every store able to take, search
                // and verify every event the API accepted.
                throw new FormatException("A string holds the character U+0000 (NUL), which events may not contain.");
            }

            WriteUtf8(writer, value.AsSpan(start, i - start));
            WriteRaw(writer, c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u00" + ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
            });
            start = i + 1;
        }

        WriteUtf8(writer, value.AsSpan(start));
        WriteByte(writer, (byte)'"');
    }

    /// <summary>Writes an object from its members, sorting them canonically.</summary>
    /// <exception cref="FormatException">Two members share a name, or a string is invalid.</exception>
    public static void WriteObject(IBufferWriter<byte> writer, List<CanonicalMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        WriteByte(writer, (byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                {
                    throw new FormatException($"The member \"{members[i].Name}\" appears more than once.");
                }

                WriteByte(writer, (byte)',');
            }

            WriteString(writer, members[i].Name);
            WriteByte(writer, (byte)':');
            if (members[i].Text is { } text)
            {
                WriteString(writer, text);
            }
            else
            {
                WriteValue(writer, members[i].Value);
            }
        }

        WriteByte(writer, (byte)'}');
    }

    /// <summary>
    /// <paramref name="text"/> as it appears inside a canonical document's string literals (escaped, without the
    /// quotes), so a store can search the stored bytes for it.
    /// </summary>
    /// <exception cref="FormatException">The text holds an unpaired surrogate or U+0000.</exception>
    public static string EscapeContent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new ArrayBufferWriter<byte>(text.Length + 8);
        WriteString(buffer, text);
        return Encoding.UTF8.GetString(buffer.WrittenSpan[1..^1]);
    }

    /// <summary>The string value of <paramref name="element"/>, refusing escapes that decode to invalid UTF-16.</summary>
    /// <exception cref="FormatException">The string holds an unpaired surrogate.</exception>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException("A string holds an invalid escape sequence or unpaired surrogate.", ex);
        }
    }

    private static void WriteElementObject(IBufferWriter<byte> writer, JsonElement element)
    {
        var members = new List<CanonicalMember>();
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                members.Add(new CanonicalMember(property.Name, property.Value));
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException("A member name holds an invalid escape sequence or unpaired surrogate.", ex);
        }

        WriteObject(writer, members);
    }

    private static void WriteUtf8(IBufferWriter<byte> writer, ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        try
        {
            var span = writer.GetSpan(StrictUtf8.GetMaxByteCount(chars.Length));
            writer.Advance(StrictUtf8.GetBytes(chars, span));
        }
        catch (EncoderFallbackException ex)
        {
            throw new FormatException("A string holds an unpaired surrogate.", ex);
        }
    }

    private static void WriteRaw(IBufferWriter<byte> writer, string ascii)
    {
        var span = writer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        writer.Advance(ascii.Length);
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }
}
