using Newtonsoft.Json.Linq;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class JsonPointersTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b~c", "a~1b~0c")]
    [InlineData("~1", "~01")]
    [InlineData("", "")]
    public void Escapes_tilde_then_slash(string name, string escaped) => Assert.Equal(escaped, JsonPointers.Escape(name));

    [Fact]
    public void Points_at_values_items_and_members()
    {
        var json = JToken.Parse("""{"a.b":[0,{"[0]":true}]}""");

        Assert.Equal("", JsonPointers.Of(json));
        Assert.Equal("/a.b/1/[0]", JsonPointers.Of(json["a.b"]![1]!["[0]"]!));
        Assert.Equal("/a.b/1/[0]", JsonPointers.Of(((JObject)json["a.b"]![1]!).Property("[0]")!));
    }
}
