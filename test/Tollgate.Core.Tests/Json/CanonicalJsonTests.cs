using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Json;

namespace Tollgate.Core.Tests.Json;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Sorts_members_by_utf16_code_units()
    {
        // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33 by code units, after it by code points.
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var output = Canonicalize(input);

        Assert.Equal(
            Utf8("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"),
            output);
    }

    [Fact]
    public void Sorts_by_code_units_not_by_culture_or_case()
    {
        Assert.Equal(
            Utf8("""{"B":1,"_":2,"a":3,"aa":4,"ab":5,"b":6}"""),
            Canonicalize("""{"b":6,"ab":5,"aa":4,"a":3,"_":2,"B":1}"""));
    }

    [Fact]
    public void Writes_no_insignificant_whitespace()
    {
        Assert.Equal(
            Utf8("""{"a":{},"b":[1,2,[]],"c":"x y"}"""),
            Canonicalize(" {\r\n\t\"c\" : \"x y\" ,\n \"b\" : [ 1 , 2 , [ ] ] , \"a\" : { } } "));
    }

    [Fact]
    public void Sorts_members_of_nested_objects_at_every_depth()
    {
        Assert.Equal(
            Utf8("""{"a":false,"z":[{"a":[{"c":true,"d":null}],"b":1},{"x":{"m":2,"n":1}}]}"""),
            Canonicalize("""{"z":[{"b":1,"a":[{"d":null,"c":true}]},{"x":{"n":1,"m":2}}],"a":false}"""));
    }

    [Fact]
    public void Keeps_numbers_exactly_as_written()
    {
        const string numbers = "[1.0,1e5,-0,1E+2,0.1000,-1.5e-7,12345678901234567890123456789,0]";

        Assert.Equal(Utf8(numbers), Canonicalize(numbers));
    }

    [Fact]
    public void Writes_literals_and_empty_containers()
    {
        Assert.Equal(Utf8("""[true,false,null,{},[],""]"""), Canonicalize("""[ true , false , null , { } , [ ] , "" ]"""));
    }

    [Fact]
    public void Escapes_quote_backslash_and_control_characters_with_short_escapes_where_they_exist()
    {
        var output = Canonicalize("""["\"\\\b\f\n\r\t"]""");

        Assert.Equal(Utf8("""["\"\\\b\f\n\r\t"]"""), output);
    }

    [Fact]
    public void Escapes_other_control_characters_as_lower_case_u00xx()
    {
        var output = Canonicalize("""["\u0001\u000B\u001F\u001e"]""");

        Assert.Equal(Utf8("""["\u0001\u000b\u001f\u001e"]"""), output);
    }

    [Theory]
    [InlineData("""["a\u0000b"]""")]
    [InlineData("""{"a\u0000":1}""")]
    public void Refuses_the_nul_character_which_no_store_can_search(string json)
    {
        var error = Assert.Throws<FormatException>(() => Canonicalize(json));

        Assert.Contains("U+0000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_everything_else_unescaped()
    {
        // Solidus, DEL, HTML-sensitive characters and the JavaScript line separators need no escape in JSON.
        var output = Canonicalize("""["\/ \u007f <>&' \u2028\u2029 \u0041"]""");

        Assert.Equal(Utf8("[\"/ \u007f <>&' \u2028\u2029 A\"]"), output);
    }

    [Fact]
    public void Writes_non_ascii_text_as_raw_utf8()
    {
        var output = Canonicalize("""{"name":"caf\u00e9 日本語 \ud83d\ude00"}""");

        Assert.Equal(
            [.. "{\"name\":\"caf"u8, 0xC3, 0xA9, (byte)' ', 0xE6, 0x97, 0xA5, 0xE6, 0x9C, 0xAC, 0xE8, 0xAA, 0x9E, (byte)' ', 0xF0, 0x9F, 0x98, 0x80, .. "\"}"u8],
            output);
    }

    [Fact]
    public void Rejects_a_duplicate_member()
    {
        Assert.Throws<FormatException>(() => Canonicalize("""{"a":1,"b":2,"a":1}"""));
    }

    [Fact]
    public void Rejects_a_duplicate_member_in_a_nested_object()
    {
        Assert.Throws<FormatException>(() => Canonicalize("""{"outer":[{"x":1,"x":2}]}"""));
    }

    [Theory]
    [InlineData("""["\ud800"]""")]
    [InlineData("""["\udc00"]""")]
    [InlineData("""["a\ud800b"]""")]
    [InlineData("""["\ude00\ud83d"]""")]
    [InlineData("""{"a":"\ud83d"}""")]
    public void Rejects_an_unpaired_surrogate_escape_in_a_string(string json)
    {
        Assert.Throws<FormatException>(() => Canonicalize(json));
    }

    [Theory]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"ok":{"\udc00x":1}}""")]
    public void Rejects_an_unpaired_surrogate_escape_in_a_member_name(string json)
    {
        // The class documents FormatException for unpaired surrogates; member names are strings too.
        Assert.Throws<FormatException>(() => Canonicalize(json));
    }

    [Fact]
    public void WriteString_rejects_an_unpaired_surrogate()
    {
        var buffer = new ArrayBufferWriter<byte>();

        Assert.Throws<FormatException>(() => CanonicalJson.WriteString(buffer, "ab\ud800"));
    }

    [Fact]
    public void WriteString_escapes_like_WriteValue()
    {
        var buffer = new ArrayBufferWriter<byte>();

        CanonicalJson.WriteString(buffer, "q\"b\\n\n\u0007é");

        Assert.Equal(Utf8("\"q\\\"b\\\\n\\n\\u0007é\""), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteObject_sorts_server_strings_and_client_values_together()
    {
        using var document = JsonDocument.Parse("""{"b":[2, 1],"d":{"y":1,"x":2}}""");
        var members = new List<CanonicalMember>
        {
            new("d", document.RootElement.GetProperty("d")),
            new("c", "line\nbreak"),
            new("b", document.RootElement.GetProperty("b")),
            new("a", "plain"),
        };
        var buffer = new ArrayBufferWriter<byte>();

        CanonicalJson.WriteObject(buffer, members);

        Assert.Equal(Utf8("""{"a":"plain","b":[2,1],"c":"line\nbreak","d":{"x":2,"y":1}}"""), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteObject_rejects_a_duplicate_name()
    {
        var members = new List<CanonicalMember> { new("id", "1"), new("x", "2"), new("id", "3") };

        Assert.Throws<FormatException>(() => CanonicalJson.WriteObject(new ArrayBufferWriter<byte>(), members));
    }

    [Fact]
    public void Canonical_output_is_a_fixed_point()
    {
        var once = Canonicalize("""{"b":[1.0,{"z":"\u00e9\n","a":null}],"a":"\"x\""}""");

        Assert.Equal(once, Canonicalize(Encoding.UTF8.GetString(once)));
    }

    private static byte[] Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        CanonicalJson.WriteValue(buffer, document.RootElement);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
}
