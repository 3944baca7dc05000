using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Tests.Encryption;

/// <summary>Reads and rewrites envelope members, to tamper with them as an attacker or a buggy client would.</summary>
public static class Envelopes
{
    public static JsonObject Parse(byte[] envelope) => JsonNode.Parse(envelope)!.AsObject();

    public static string Member(byte[] envelope, string name) => Parse(envelope)[name]!.GetValue<string>();

    public static byte[] Decode(byte[] envelope, string name) => Base64Url.DecodeFromChars(Member(envelope, name));

    /// <summary>The envelope with member <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static byte[] With(byte[] envelope, string name, string value)
    {
        var json = Parse(envelope);
        json[name] = value;
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>The envelope with one bit of the binary member <paramref name="name"/> flipped.</summary>
    public static byte[] WithFlippedBit(byte[] envelope, string name, int byteIndex = 0)
    {
        var bytes = Decode(envelope, name);
        bytes[byteIndex] ^= 0x01;
        return With(envelope, name, Base64Url.EncodeToString(bytes));
    }
}
