using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// Parses a request body into the Newtonsoft tree NJsonSchema validates, with System.Text.Json's strict RFC 8259
/// reader: Newtonsoft's own reader accepts comments, single quotes, NaN and trailing text, which an upstream may read
/// differently from what was validated. For the same reason a repeated member name is refused (which of the two would
/// the upstream use?), and so is an integer beyond 64 bits, which the validator cannot compare.
/// </summary>
internal static class JsonBodyParser
{
    private const string NotJson = "is not valid JSON";

    /// <summary>True with the tree; false with the one violation that stopped the parse.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> json,
        int maxDepth,
        [NotNullWhen(true)] out JToken? root,
        [NotNullWhen(false)] out SchemaViolation? violation)
    {
        root = null;
        violation = null;

        // One level of slack, so that this method, not the reader, reports the depth with a pointer.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        var open = new Stack<JContainer>();
        JToken? tree = null;
        string? member = null;
        try
        {
            while (reader.Read())
            {
                JToken value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        member = reader.GetString()!;
                        if (((JObject)open.Peek()).ContainsKey(member))
                        {
                            violation = new(PointerOfNext(open, member), "appears more than once in its object; member names must be unique");
                            return false;
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        open.Pop();
                        continue;
                    case JsonTokenType.StartObject:
                        value = new JObject();
                        break;
                    case JsonTokenType.StartArray:
                        value = new JArray();
                        break;
                    case JsonTokenType.String:
                        value = new JValue(reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        if (ToNumber(ref reader) is not { } number)
                        {
                            violation = new(PointerOfNext(open, member), "is an integer beyond 64 bits, which the gateway cannot check");
                            return false;
                        }

                        value = number;
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        value = new JValue(reader.GetBoolean());
                        break;
                    default:
                        value = JValue.CreateNull();
                        break;
                }

                if (value is JContainer && open.Count == maxDepth)
                {
                    violation = new(PointerOfNext(open, member), $"nests deeper than the {maxDepth} levels the gateway reads");
                    return false;
                }

                if (open.Count == 0)
                {
                    tree = value;
                }
                else if (open.Peek() is JObject parent)
                {
                    parent.Add(member!, value);
                }
                else
                {
                    open.Peek().Add(value);
                }

                if (value is JContainer container)
                {
                    open.Push(container);
                }
            }
        }
        catch (JsonException e)
        {
            violation = new("", $"{NotJson} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string escape that is not valid UTF-16 (a lone surrogate such as \ud800).
            violation = new("", $"{NotJson}: a string holds a \\u escape that is not valid UTF-16");
            return false;
        }

        if (tree is null)
        {
            violation = new("", $"{NotJson}: it holds no value");
            return false;
        }

        root = tree;
        return true;
    }

    /// <summary>
    /// Integers as Int64 or UInt64 (the validator's integer type), null beyond; other numbers as decimal, exact for
    /// <c>multipleOf: 0.01</c>, or as double where decimal would lose them (beyond its range, or so small it rounds to 0).
    /// </summary>
    private static JValue? ToNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return new JValue(integer);
        }

        var text = reader.ValueSpan;
        var fractionOrExponent = text.IndexOfAny(".eE"u8);
        if (fractionOrExponent < 0)
        {
            return reader.TryGetUInt64(out var large) ? new JValue(large) : null;
        }

        var exponent = text.IndexOfAny("eE"u8);
        var mantissa = exponent < 0 ? text : text[..exponent];
        if (reader.TryGetDecimal(out var exact) && (exact != 0 || mantissa.IndexOfAnyInRange((byte)'1', (byte)'9') < 0))
        {
            return new JValue(exact);
        }

        return new JValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>The pointer of the value about to be added to the innermost open container.</summary>
    private static string PointerOfNext(Stack<JContainer> open, string? member)
    {
        if (open.Count == 0)
        {
            return "";
        }

        var container = open.Peek();
        var at = JsonPointers.Of(container);
        return container is JObject
            ? JsonPointers.Member(at, member!)
            : at + "/" + ((JArray)container).Count.ToString(CultureInfo.InvariantCulture);
    }
}
