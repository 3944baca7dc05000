using System.Text.Json;

namespace Tollgate.Core.Requests;

/// <summary>
/// How every store keeps a captured header list: a JSON array of <c>[name, value]</c> pairs, which keeps order and
/// repeated names. Stores write it with their own writer (they differ in what text they can hold); reading is shared.
/// </summary>
public static class StoredHeaders
{
    /// <summary>Reads a stored header list; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static List<KeyValuePair<string, string>> Read(ReadOnlySpan<byte> json)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            Expect(ref reader, JsonTokenType.String);
            var name = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String);
            var value = reader.GetString()!;
            Expect(ref reader, JsonTokenType.EndArray);
            headers.Add(new(name, value));
        }

        return headers;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new InvalidDataException($"A stored header list is malformed: expected {type}, found {reader.TokenType}.");
        }
    }
}
