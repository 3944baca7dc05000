using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// Redacts a JSON body as it was sent: one pass of <see cref="Utf8JsonReader"/> finds the values to mask (members
/// named like a secret at any depth, configured paths, detected secrets in strings, numbers and comments) and
/// everything else is kept byte for byte, formatting and escapes included. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A cut body is read as an incomplete block: what the reader completed is kept, and the incomplete tail is dropped
/// whole, so a cut inside a redacted value, or inside any value, never stores its first bytes. The reader accepts
/// comments, trailing commas and several top-level values (NDJSON), so lenient producers are still redacted as
/// JSON; anything else is not JSON and the caller falls back to text redaction.
/// </remarks>
internal sealed class JsonBodyRedactor(SensitiveNames fields, JsonPathMatcher paths, bool detectSecrets)
{
    /// <summary>Deepest nesting read as JSON; deeper bodies are redacted as text.</summary>
    public const int MaxDepth = 64;

    private const int StackNameBytes = 256;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowMultipleValues = true,
    };

    private static ReadOnlySpan<byte> JsonMask => "\"[REDACTED]\""u8;

    /// <summary>
    /// Records the replacements of <paramref name="json"/> in <paramref name="output"/> and where the kept text ends;
    /// false (with <paramref name="output"/> to be discarded) when the bytes are not JSON.
    /// </summary>
    /// <param name="json">The body.</param>
    /// <param name="complete">False when the body was cut: its incomplete last token is dropped.</param>
    /// <param name="output">Receives the replacements.</param>
    /// <param name="end">Where the kept text ends: the body's end, or the end of its last complete token.</param>
    public bool TryRedact(ReadOnlySpan<byte> json, bool complete, ref SpanRewriter<byte> output, out int end)
    {
        var reader = new Utf8JsonReader(json, complete, new JsonReaderState(ReaderOptions));
        Span<int> containerStates = stackalloc int[MaxDepth + 1];
        Span<int> nextItems = stackalloc int[MaxDepth + 1];
        var depth = 0;
        var valueState = paths.Root;
        var redactValue = false;
        var lastEnd = 0;
        end = 0;
        try
        {
            while (reader.Read())
            {
                var tokenStart = (int)reader.TokenStartIndex;
                if (detectSecrets && tokenStart > lastEnd)
                {
                    SecretDetector.Redact(json[lastEnd..tokenStart], lastEnd, ref output);
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        redactValue = MatchMember(ref reader, containerStates[depth - 1], out valueState);
                        if (detectSecrets)
                        {
                            RedactString(ref reader, ref output);
                        }

                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    default:
                        if (depth == 0)
                        {
                            valueState = paths.Root;
                            redactValue = paths.IsRedacted(valueState);
                        }
                        else if (nextItems[depth - 1] >= 0)
                        {
                            valueState = paths.NextItem(containerStates[depth - 1], nextItems[depth - 1]++);
                            redactValue = paths.IsRedacted(valueState);
                        }

                        if (redactValue)
                        {
                            redactValue = false;
                            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                            {
                                end = tokenStart;
                                return true;
                            }

                            output.Replace(tokenStart, (int)reader.BytesConsumed, JsonMask);
                        }
                        else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            containerStates[depth] = valueState;
                            nextItems[depth] = reader.TokenType == JsonTokenType.StartArray ? 0 : -1;
                            depth++;
                        }
                        else if (detectSecrets && reader.TokenType == JsonTokenType.String)
                        {
                            RedactString(ref reader, ref output);
                        }
                        else if (detectSecrets && reader.TokenType == JsonTokenType.Number && SecretDetector.Contains(reader.ValueSpan))
                        {
                            output.Replace(tokenStart, (int)reader.BytesConsumed, JsonMask);
                        }

                        break;
                }

                lastEnd = (int)reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        end = complete ? json.Length : lastEnd;
        if (detectSecrets && end > lastEnd)
        {
            SecretDetector.Redact(json[lastEnd..end], lastEnd, ref output);
        }

        return true;
    }

    /// <summary>Whether the member's value is masked (by name or path), and the path state of that value.</summary>
    private bool MatchMember(ref Utf8JsonReader reader, int objectState, out int memberState)
    {
        if (!reader.ValueIsEscaped)
        {
            memberState = paths.Next(objectState, reader.ValueSpan);
            return fields.Contains(reader.ValueSpan) || paths.IsRedacted(memberState);
        }

        var escapedLength = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = escapedLength <= StackNameBytes
            ? stackalloc byte[StackNameBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(escapedLength));
        try
        {
            var name = buffer[..reader.CopyString(buffer)];
            memberState = paths.Next(objectState, name);
            return fields.Contains(name) || paths.IsRedacted(memberState);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Masks secrets inside the current string or property name, keeping its quotes and the rest of its text.</summary>
    private static void RedactString(ref Utf8JsonReader reader, ref SpanRewriter<byte> output)
    {
        var contentStart = (int)reader.TokenStartIndex + 1;
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            SecretDetector.Redact(raw, contentStart, ref output);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var text = rented.AsSpan(0, reader.CopyString(rented));
            if (!SecretDetector.Contains<byte>(text))
            {
                return;
            }

            // Escaped strings are rare: unescape, mask, and write the string back with the minimal escaping.
            var masked = new SpanRewriter<byte>(text);
            try
            {
                SecretDetector.Redact(text, 0, ref masked);
                var encoded = JsonEncodedText.Encode(masked.Complete(text.Length), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
                output.Replace(contentStart, contentStart + raw.Length, encoded.EncodedUtf8Bytes);
            }
            finally
            {
                masked.Dispose();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
