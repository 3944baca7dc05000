using System.Text;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class SchemaViolationsTests
{
    [Theory]
    [InlineData("""{"type":["string","null"]}""", "5", "must be a string or null")]
    [InlineData("""{"type":"number","exclusiveMaximum":10}""", "10", "must be less than 10")]
    [InlineData("""{"type":"number","minimum":0.5}""", "0.25", "must be at least 0.5")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","minimum":1,"exclusiveMinimum":true}""", "1", "must be greater than 1")]
    [InlineData("""{"type":"number","multipleOf":0.01}""", "19.999", "must be a multiple of 0.01")]
    [InlineData("""{"type":"array","minItems":2}""", "[1]", "must have at least 2 items")]
    [InlineData("""{"type":"array","uniqueItems":true}""", "[1,1]", "must not hold the same item twice")]
    [InlineData("""{"type":"string","minLength":3}""", "\"ab\"", "must be at least 3 characters long")]
    [InlineData("""{"type":"string","pattern":"^[A-Z]+$"}""", "\"abc\"", "must match the pattern ^[A-Z]+$")]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"yesterday\"", "must be a date and time (RFC 3339, e.g. 2026-01-31T09:30:00Z)")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "true", "must match at least one of the schemas listed in anyOf")]
    [InlineData("""{"oneOf":[{"type":"integer"},{"minimum":0}]}""", "1", "must match exactly one of the schemas listed in oneOf; it matches several")]
    [InlineData("""{"not":{"type":"string"}}""", "\"s\"", "must not match the schema given in not")]
    [InlineData("""{"type":"object","maxProperties":1}""", """{"a":1,"b":2}""", "must have at most 1 members")]
    [InlineData("""{"enum":[1,"two",null]}""", "3", "must be one of 1, \"two\", null")]
    public async Task Names_the_broken_rule_and_its_value(string schema, string body, string message)
    {
        var violation = Assert.Single(await ValidateAsync(schema, body));

        Assert.Equal(("", message), (violation.Pointer, violation.Message));
    }

    [Fact]
    public async Task Reports_what_an_all_of_groups_where_it_is()
    {
        var violations = await ValidateAsync(
            """{"allOf":[{"required":["a"]},{"properties":{"b":{"type":"string"}}}]}""", """{"b":1}""");

        Assert.Equivalent(new[] { new SchemaViolation("/a", "is required"), new SchemaViolation("/b", "must be a string") }, violations, strict: true);
    }

    [Fact]
    public async Task Reports_additional_property_schema_violations_at_the_member()
    {
        var violations = await ValidateAsync("""{"additionalProperties":{"type":"integer"}}""", """{"k.1":"x"}""");

        Assert.Equal(new SchemaViolation("/k.1", "must be an integer"), Assert.Single(violations));
    }

    [Fact]
    public async Task Reports_tuple_items_beyond_the_list()
    {
        var violations = await ValidateAsync("""{"items":[{"type":"string"}],"additionalItems":false}""", """["a",2]""");

        Assert.Equal(new SchemaViolation("/1", "is not allowed: the array has more items than the schema lists"), Assert.Single(violations));
    }

    [Fact]
    public async Task Lists_the_first_violations_of_a_huge_array_and_counts_them_all()
    {
        const int bad = 50_000;
        var body = "[" + string.Join(",", Enumerable.Repeat("1", bad)) + "]";

        var violations = await ValidateAsync("""{"type":"array","items":{"type":"string"}}""", body, max: 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "/" + i), violations.Violations.Select(v => v.Pointer));
        Assert.Equal(bad, violations.Total);
    }

    private static async Task<List<SchemaViolation>> ValidateAsync(string schema, string body) =>
        (await ValidateAsync(schema, body, max: 100)).Violations;

    private static async Task<(List<SchemaViolation> Violations, int Total)> ValidateAsync(string schema, string body, int max)
    {
        var set = await Schemas.LoadAsync(schema);
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Method = "POST";
        Assert.True(JsonBodyParser.TryParse(Encoding.UTF8.GetBytes(body), 64, out var json, out _));
        var violations = SchemaViolations.Describe(set.Find(request)!.Validate(json), max, out var total);
        return (violations, total);
    }
}
