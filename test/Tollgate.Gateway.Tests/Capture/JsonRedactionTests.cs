using System.Text;
using System.Text.Json;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class JsonRedactionTests
{
    private const string Secret = "s3cr3t-Value-42";

    public static TheoryData<string> DefaultFields => [.. CaptureDefaults.RedactedJsonFields];

    public static TheoryData<string> ValuesOfEveryKind => new()
    {
        "\"" + Secret + "\"",
        "{\"nested\":\"" + Secret + "\",\"deeper\":{\"x\":[1,2]}}",
        "[\"" + Secret + "\",{\"a\":1}]",
        "4242",
        "true",
        "null",
    };

    [Theory]
    [MemberData(nameof(DefaultFields))]
    public void Every_default_field_is_masked_at_the_top(string field)
    {
        var redacted = Policies.Json($$"""{"{{field}}":"{{Secret}}","keep":"visible"}""");

        Assert.Equal($$"""{"{{field}}":"[REDACTED]","keep":"visible"}""", redacted);
    }

    [Theory]
    [MemberData(nameof(DefaultFields))]
    public void Every_default_field_is_masked_nested_and_in_arrays(string field)
    {
        var redacted = Policies.Json($$"""{"a":{"b":[{"x":1},{"{{field}}":"{{Secret}}"}]},"list":[[{"{{field}}":"{{Secret}}"}]],"keep":"visible"}""");

        Assert.DoesNotContain(Secret, redacted, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(redacted, RequestRedaction.Mask));
        Assert.Contains("\"keep\":\"visible\"", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ACCESS_TOKEN")]
    [InlineData("accessToken")]
    [InlineData("Access-Token")]
    [InlineData("access_Token")]
    [InlineData("Password")]
    [InlineData("CardNumber")]
    public void Field_names_compare_ignoring_case_underscores_and_dashes(string field)
    {
        var redacted = Policies.Json($$"""{"{{field}}":"{{Secret}}"}""");

        Assert.Equal($$"""{"{{field}}":"[REDACTED]"}""", redacted);
    }

    [Theory]
    [MemberData(nameof(ValuesOfEveryKind))]
    public void The_whole_value_of_a_sensitive_field_is_masked_whatever_its_kind(string value)
    {
        var redacted = Policies.Json($$"""{"before":1,"secret":{{value}},"after":[2]}""");

        Assert.Equal("""{"before":1,"secret":"[REDACTED]","after":[2]}""", redacted);
    }

    [Fact]
    public void An_escaped_field_name_is_still_recognised()
    {
        var redacted = Policies.Json($$"""{"pass\u0077ord":"{{Secret}}"}""");

        Assert.Equal("""{"pass\u0077ord":"[REDACTED]"}""", redacted);
    }

    [Fact]
    public void Formatting_escapes_and_other_values_are_kept_byte_for_byte()
    {
        const string Json = "{\n  \"name\" : \"Zoë \\u00e9 \\\"q\\\"\",\n  \"password\":   \"x\" ,\n  \"n\": 1.50e3, \"list\": [ 1 , 2 ]\n}";

        var redacted = Policies.Json(Json);

        Assert.Equal(Json.Replace("\"x\"", "\"[REDACTED]\"", StringComparison.Ordinal), redacted);
    }

    [Fact]
    public void A_configured_field_adds_to_the_defaults()
    {
        var policy = Policies.With(o => o.RedactJsonFields.Add("email"));

        var redacted = Policies.Json($$"""{"email":"a@b.c","password":"{{Secret}}","name":"x"}""", policy);

        Assert.Equal("""{"email":"[REDACTED]","password":"[REDACTED]","name":"x"}""", redacted);
    }

    [Theory]
    [InlineData("/customer/email", """{"customer":{"email":"a@b.c","name":"n"},"email":"top@b.c"}""", """{"customer":{"email":"[REDACTED]","name":"n"},"email":"top@b.c"}""")]
    [InlineData("/customer", """{"customer":{"email":"a@b.c"},"id":1}""", """{"customer":"[REDACTED]","id":1}""")]
    [InlineData("/items/*/card", """{"items":[{"card":"c1","n":1},{"card":{"x":1}},{"n":3}],"card":"top"}""", """{"items":[{"card":"[REDACTED]","n":1},{"card":"[REDACTED]"},{"n":3}],"card":"top"}""")]
    [InlineData("/items/1/card", """{"items":[{"card":"c1"},{"card":"c2"}]}""", """{"items":[{"card":"c1"},{"card":"[REDACTED]"}]}""")]
    [InlineData("/*/email", """{"a":{"email":"1"},"b":{"email":"2"},"email":"3"}""", """{"a":{"email":"[REDACTED]"},"b":{"email":"[REDACTED]"},"email":"3"}""")]
    [InlineData("/a~1b/c~0d", """{"a/b":{"c~d":"x","c":"y"}}""", """{"a/b":{"c~d":"[REDACTED]","c":"y"}}""")]
    [InlineData("/customer/email", """{"Customer":{"email":"a@b.c"}}""", """{"Customer":{"email":"a@b.c"}}""")]
    [InlineData("/items/*", """{"items":[1,{"a":2},[3]],"other":[4]}""", """{"items":["[REDACTED]","[REDACTED]","[REDACTED]"],"other":[4]}""")]
    public void Configured_paths_mask_what_they_point_to(string path, string json, string expected)
    {
        var policy = Policies.With(o => o.RedactJsonPaths.Add(path));

        Assert.Equal(expected, Policies.Json(json, policy));
    }

    [Fact]
    public void Overlapping_paths_with_wildcards_all_apply()
    {
        var policy = Policies.With(o =>
        {
            o.RedactJsonPaths.Add("/a/*/x");
            o.RedactJsonPaths.Add("/*/k/y");
            o.RedactJsonPaths.Add("/a/k/z");
        });

        var redacted = Policies.Json("""{"a":{"k":{"x":1,"y":2,"z":3,"w":4},"j":{"x":5,"y":6}},"b":{"k":{"y":7,"x":8}}}""", policy);

        Assert.Equal("""{"a":{"k":{"x":"[REDACTED]","y":"[REDACTED]","z":"[REDACTED]","w":4},"j":{"x":"[REDACTED]","y":6}},"b":{"k":{"y":"[REDACTED]","x":8}}}""", redacted);
    }

    [Fact]
    public void Secrets_in_string_values_and_names_are_masked_and_the_rest_of_the_string_kept()
    {
        var jwt = Secrets.Jwt;
        var redacted = Policies.Json($$"""{"note":"paid with 4111 1111 1111 1111 today","auth":"Bearer {{Secrets.OpaqueToken}}","{{jwt}}":"x","list":["{{jwt}}"]}""");

        Assert.Equal("""{"note":"paid with [REDACTED] today","auth":"Bearer [REDACTED]","[REDACTED]":"x","list":["[REDACTED]"]}""", redacted);
    }

    [Fact]
    public void A_secret_in_an_escaped_string_is_masked_and_the_string_stays_valid()
    {
        var redacted = Policies.Json("""{"note":"tab\there: \u0034111111111111111 \"quoted\" é"}""");

        Assert.Equal("tab\there: [REDACTED] \"quoted\" é", JsonDocument.Parse(redacted).RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public void A_card_number_sent_as_a_number_becomes_a_masked_string()
    {
        var redacted = Policies.Json("""{"n":4111111111111111,"m":4111111111111112,"o":-4111111111111111}""");

        Assert.Equal("""{"n":"[REDACTED]","m":4111111111111112,"o":"[REDACTED]"}""", redacted);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_read_and_secrets_in_comments_masked()
    {
        var redacted = Policies.Json($$"""{"a":1, /* key {{Secrets.ApiKey}} */ "password":"x",}""");

        Assert.Equal("""{"a":1, /* key [REDACTED] */ "password":"[REDACTED]",}""", redacted);
    }

    [Fact]
    public void Every_line_of_ndjson_is_redacted()
    {
        var body = Encoding.UTF8.GetBytes("{\"token\":\"a\"}\n{\"token\":\"b\",\"id\":2}\n");

        var redacted = Policies.Bodies.RedactBody(body, "application/x-ndjson", truncated: false);

        Assert.Equal("{\"token\":\"[REDACTED]\"}\n{\"token\":\"[REDACTED]\",\"id\":2}\n", redacted);
    }

    [Fact]
    public void Invalid_json_still_gets_the_detectors()
    {
        var redacted = Policies.Json($$"""{"card": 4111 1111 1111 1111, "auth": Bearer {{Secrets.OpaqueToken}}, "password": hunter2""");

        Assert.Equal("""{"card": [REDACTED], "auth": Bearer [REDACTED], "password": hunter2""", redacted);
    }

    [Fact]
    public void Json_nested_deeper_than_the_reader_allows_is_redacted_as_text()
    {
        var json = new string('[', 100) + "\"" + Secrets.Jwt + "\"" + new string(']', 100);

        var redacted = Policies.Json(json);

        Assert.Equal(json.Replace(Secrets.Jwt, RequestRedaction.Mask, StringComparison.Ordinal), redacted);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/problem+json")]
    [InlineData("application/vnd.api+json; v=2")]
    [InlineData("text/json")]
    public void Every_json_media_type_gets_the_json_rules(string contentType)
    {
        var redacted = Policies.Bodies.RedactBody(Encoding.UTF8.GetBytes("""{"password":"x"}"""), contentType, truncated: false);

        Assert.Equal("""{"password":"[REDACTED]"}""", redacted);
    }

    [Fact]
    public void Redacted_complete_json_is_still_valid_json()
    {
        var json = $$"""{"users":[{"name":"a","password":{"old":"x","new":"y"},"cards":[4111111111111111]}],"token":null}""";

        using var document = JsonDocument.Parse(Policies.Json(json));

        Assert.Equal(RequestRedaction.Mask, document.RootElement.GetProperty("users")[0].GetProperty("password").GetString());
        Assert.Equal(RequestRedaction.Mask, document.RootElement.GetProperty("users")[0].GetProperty("cards")[0].GetString());
    }

    [Fact]
    public void Detectors_off_leaves_free_text_alone_but_still_masks_fields()
    {
        var policy = Policies.With(o => o.DetectSecrets = false);

        var redacted = Policies.Json($$"""{"note":"4111111111111111","password":"x"}""", policy);

        Assert.Equal("""{"note":"4111111111111111","password":"[REDACTED]"}""", redacted);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
