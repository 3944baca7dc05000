using System.Text;
using Newtonsoft.Json.Linq;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class JsonBodyParserTests
{
    [Fact]
    public void Parses_every_kind_of_value()
    {
        Assert.True(JsonBodyParser.TryParse("""{"s":"é\n","i":-9223372036854775808,"u":18446744073709551615,"d":19.99,"b":true,"n":null,"a":[1,{}]}"""u8, 64, out var json, out _));

        Assert.Equal(JToken.Parse("""{"s":"é\n","i":-9223372036854775808,"u":18446744073709551615,"d":19.99,"b":true,"n":null,"a":[1,{}]}"""), json, JToken.EqualityComparer);
        Assert.Equal(JTokenType.Integer, json["u"]!.Type);
        Assert.Equal(19.99m, json["d"]!.Value<decimal>());
    }

    [Fact]
    public void Keeps_a_tiny_number_that_decimal_would_round_to_zero()
    {
        Assert.True(JsonBodyParser.TryParse("1e-40"u8, 64, out var json, out _));

        Assert.True(json.Value<double>() > 0);
    }

    [Theory]
    [InlineData("18446744073709551616", "")]
    [InlineData("""{"a":[1,-9223372036854775809]}""", "/a/1")]
    public void Refuses_an_integer_beyond_64_bits_at_its_pointer(string body, string at)
    {
        Assert.False(JsonBodyParser.TryParse(Encoding.UTF8.GetBytes(body), 64, out _, out var violation));

        Assert.Equal(at, violation.Pointer);
        Assert.Equal("is an integer beyond 64 bits, which the gateway cannot check", violation.Message);
    }

    [Fact]
    public void Refuses_a_repeated_member_at_its_pointer()
    {
        Assert.False(JsonBodyParser.TryParse("""{"a":{"x/y":1,"x/y":2}}"""u8, 64, out _, out var violation));

        Assert.Equal("/a/x~1y", violation.Pointer);
    }

    [Fact]
    public void Accepts_nesting_up_to_the_limit_and_refuses_deeper_at_its_pointer()
    {
        Assert.True(JsonBodyParser.TryParse("[[[1]]]"u8, 3, out _, out _));

        Assert.False(JsonBodyParser.TryParse("""[[{"a":[]}]]"""u8, 3, out _, out var violation));
        Assert.Equal("/0/0/a", violation.Pointer);
        Assert.Equal("nests deeper than the 3 levels the gateway reads", violation.Message);
    }

    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("[NaN]")]
    [InlineData("{\"a\":1} // comment")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\u0001\"")]
    [InlineData("   ")]
    public void Refuses_what_rfc_8259_does_not_allow(string body)
    {
        Assert.False(JsonBodyParser.TryParse(Encoding.UTF8.GetBytes(body), 64, out _, out var violation));

        Assert.Equal("", violation.Pointer);
        Assert.StartsWith("is not valid JSON", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_invalid_utf8()
    {
        Assert.False(JsonBodyParser.TryParse([(byte)'"', 0xC3, 0x28, (byte)'"'], 64, out _, out var violation));

        Assert.StartsWith("is not valid JSON", violation.Message, StringComparison.Ordinal);
    }
}
