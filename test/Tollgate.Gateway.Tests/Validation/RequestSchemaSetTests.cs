using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Validation;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class RequestSchemaSetTests : IDisposable
{
    private readonly TempDirectory directory = new("schemas-");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Loads_relative_paths_from_the_base_directory_and_absolute_paths_as_they_are()
    {
        Directory.CreateDirectory(directory.Combine("nested"));
        Schemas.Write(directory, Path.Combine("nested", "order.json"), Schemas.Order);

        var set = await LoadAsync(new() { ["post"] = Path.Combine("nested", "order.json"), ["Put"] = directory.Combine("nested", "order.json") });

        Assert.Equal(["POST", "PUT"], set.Methods);
    }

    [Fact]
    public async Task Missing_file_is_refused_naming_the_method_and_the_file()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(new() { ["POST"] = "missing.json" }));

        Assert.Contains("POST", error.Message, StringComparison.Ordinal);
        Assert.Contains(directory.Combine("missing.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_that_is_not_json_is_refused_naming_the_file()
    {
        var error = await LoadFailureAsync("{ \"type\": \"object\", }");

        Assert.Contains(directory.Combine("schema.json"), error, StringComparison.Ordinal);
        Assert.Contains("is not JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","requried":["a"]}""", "#/requried: unknown keyword")]
    [InlineData("""{"properties":{"qty":{"type":"intger"}}}""", "#/properties/qty/type: must be one of array, boolean")]
    [InlineData("""{"properties":{"id":{"const":1}}}""", "#/properties/id/const: the gateway's validator (NJsonSchema) does not enforce const")]
    [InlineData("""{"if":{"required":["a"]},"then":{"required":["b"]}}""", "#/if: the gateway's validator (NJsonSchema) does not enforce if")]
    [InlineData("""{"properties":{"code":{"type":"string","pattern":"(unclosed"}}}""", "#/properties/code/pattern: the pattern is not a valid .NET regular expression")]
    [InlineData("""{"patternProperties":{"[":{}}}""", "#/patternProperties/[: the member name is not a valid .NET regular expression")]
    [InlineData("""{"properties":{"a":{"$ref":"other.json#/definitions/a"}}}""", "#/properties/a/$ref: must point into this file")]
    [InlineData("""{"$schema":"https://json-schema.org/draft/2020-12/schema"}""", "#/$schema: must name draft 4, 6 or 7")]
    [InlineData("""{"items":true}""", "#/items: a boolean schema is supported only as additionalProperties or additionalItems")]
    [InlineData("""{"maxLength":-1}""", "#/maxLength: must be a non-negative integer")]
    [InlineData("""{"maxItems":0}""", "#/maxItems: must be an integer of at least 1")]
    [InlineData("""{"required":"a"}""", "#/required: must be an array of member names")]
    [InlineData("""{"allOf":[]}""", "#/allOf: must be a non-empty array of schemas")]
    [InlineData("""{"properties":{"a/b":{"nullable":true}}}""", "#/properties/a~1b/nullable: unknown keyword")]
    [InlineData("""[{"type":"object"}]""", "#: a schema must be a JSON object")]
    public async Task Schema_the_validator_would_not_enforce_is_refused_saying_where(string schema, string expected)
    {
        var error = await LoadFailureAsync(schema);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(directory.Combine("schema.json"), error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresolvable_reference_is_refused()
    {
        var error = await LoadFailureAsync("""{"properties":{"a":{"$ref":"#/definitions/missing"}}}""");

        Assert.Contains("is not a valid JSON Schema", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_keyword_is_refused()
    {
        var error = await LoadFailureAsync("""{"type":"object","type":"string"}""");

        Assert.Contains("is not JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_listed_up_to_five()
    {
        var error = await LoadFailureAsync("""{"a1":1,"a2":1,"a3":1,"a4":1,"a5":1,"a6":1,"a7":1}""");

        Assert.Contains("#/a5: unknown keyword", error, StringComparison.Ordinal);
        Assert.DoesNotContain("#/a6", error, StringComparison.Ordinal);
        Assert.Contains("and 2 more", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotations_extensions_and_draft4_exclusive_bounds_are_accepted()
    {
        var set = await Schemas.LoadAsync("""
            {
              "$schema": "http://json-schema.org/draft-04/schema#",
              "title": "t", "description": "d", "x-owner": "team", "examples": [1],
              "definitions": { "qty": { "type": "integer", "minimum": 0, "exclusiveMinimum": true } },
              "type": "object",
              "properties": { "qty": { "$ref": "#/definitions/qty" } }
            }
            """);

        Assert.Equal(["POST"], set.Methods);
    }

    [Fact]
    public async Task Unknown_method_is_refused_naming_it_and_the_file()
    {
        Schemas.Write(directory, "order.json", Schemas.Order);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(new() { ["FETCH"] = "order.json" }));

        Assert.Contains("'FETCH'", error.Message, StringComparison.Ordinal);
        Assert.Contains("order.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_method_in_two_cases_is_refused()
    {
        Schemas.Write(directory, "order.json", Schemas.Order);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(new(StringComparer.Ordinal) { ["post"] = "order.json", ["POST"] = "order.json" }));

        Assert.Contains("POST request schema is given twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", null, true)]
    [InlineData("post", null, true)]
    [InlineData("PUT", null, false)]
    public async Task Listed_method_matches_in_any_case(string method, long? contentLength, bool matches)
    {
        var set = await Schemas.LoadAsync(Schemas.Order, "POST");

        Assert.Equal(matches, set.Find(Request(method, contentLength)) is not null);
    }

    [Theory]
    [InlineData("POST", 0L, true)]
    [InlineData("PUT", null, true)]
    [InlineData("PATCH", 0L, true)]
    [InlineData("DELETE", 12L, true)]
    [InlineData("GET", 12L, true)]
    [InlineData("GET", null, false)]
    [InlineData("DELETE", 0L, false)]
    public async Task Any_method_covers_post_put_patch_always_and_others_with_a_body(string method, long? contentLength, bool matches)
    {
        var set = await Schemas.LoadAsync(Schemas.Order, RequestSchemaSet.AnyMethod);

        Assert.Equal(matches, set.Find(Request(method, contentLength)) is not null);
    }

    [Fact]
    public async Task Listed_method_wins_over_any_method()
    {
        Schemas.Write(directory, "order.json", Schemas.Order);
        Schemas.Write(directory, "anything.json", "{}");

        var set = await LoadAsync(new() { ["*"] = "anything.json", ["POST"] = "order.json" });

        Assert.Equal(["POST", "*"], set.Methods);
        Assert.Equal("POST", set.Find(Request("POST", 2))!.Method);
        Assert.Equal("*", set.Find(Request("PUT", 2))!.Method);
    }

    private static HttpRequest Request(string method, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    private Task<RequestSchemaSet> LoadAsync(Dictionary<string, string> fileByMethod) =>
        RequestSchemaSet.LoadAsync(fileByMethod, directory.Path, TestContext.Current.CancellationToken);

    private async Task<string> LoadFailureAsync(string schema)
    {
        Schemas.Write(directory, "schema.json", schema);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(new() { ["POST"] = "schema.json" }));
        Assert.Contains("POST", error.Message, StringComparison.Ordinal);
        return error.Message;
    }
}
