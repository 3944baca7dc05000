using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// Checks a schema file against what the validator enforces, before NJsonSchema reads it. NJsonSchema silently
/// ignores what it does not know: <c>"type": "intger"</c>, <c>"requried"</c>, <c>const</c> or <c>if</c>/<c>then</c> would
/// each leave a rule unchecked while the route looks protected. So every keyword must be one the validator applies
/// (or a plain annotation, or an <c>x-</c> extension), with a value of the right shape; a <c>pattern</c> must compile
/// (NJsonSchema would otherwise throw on the first request); a <c>$ref</c> must stay in its file.
/// </summary>
internal static class SchemaKeywordCheck
{
    /// <summary>Problems reported before the rest are only counted.</summary>
    public const int MaxProblemsListed = 5;

    private static readonly FrozenSet<string> Dialects = FrozenSet.Create(StringComparer.Ordinal,
        "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-04/schema",
        "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-06/schema",
        "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft-04/schema#", "https://json-schema.org/draft-04/schema",
        "https://json-schema.org/draft-06/schema#", "https://json-schema.org/draft-06/schema",
        "https://json-schema.org/draft-07/schema#", "https://json-schema.org/draft-07/schema");

    private static readonly FrozenSet<string> TypeNames = FrozenSet.Create(StringComparer.Ordinal,
        "array", "boolean", "integer", "null", "number", "object", "string");

    private static readonly FrozenDictionary<string, Kind> Keywords = new Dictionary<string, Kind>(StringComparer.Ordinal)
    {
        ["$schema"] = Kind.Dialect,
        ["$id"] = Kind.String,
        ["id"] = Kind.String,
        ["$ref"] = Kind.Reference,
        ["$comment"] = Kind.String,
        ["title"] = Kind.String,
        ["description"] = Kind.String,
        ["format"] = Kind.String,
        ["contentMediaType"] = Kind.String,
        ["contentEncoding"] = Kind.String,
        ["default"] = Kind.Annotation,
        ["examples"] = Kind.Annotation,
        ["example"] = Kind.Annotation,
        ["readOnly"] = Kind.Boolean,
        ["writeOnly"] = Kind.Boolean,
        ["deprecated"] = Kind.Boolean,
        ["type"] = Kind.Type,
        ["enum"] = Kind.Enum,
        ["multipleOf"] = Kind.PositiveNumber,
        ["maximum"] = Kind.Number,
        ["minimum"] = Kind.Number,
        ["exclusiveMaximum"] = Kind.NumberOrBoolean,
        ["exclusiveMinimum"] = Kind.NumberOrBoolean,
        ["maxLength"] = Kind.Count,
        ["minLength"] = Kind.Count,
        ["minItems"] = Kind.Count,
        ["minProperties"] = Kind.Count,
        ["maxItems"] = Kind.PositiveCount,
        ["maxProperties"] = Kind.PositiveCount,
        ["pattern"] = Kind.Pattern,
        ["uniqueItems"] = Kind.Boolean,
        ["required"] = Kind.Names,
        ["items"] = Kind.SchemaOrSchemas,
        ["additionalItems"] = Kind.SchemaOrBoolean,
        ["additionalProperties"] = Kind.SchemaOrBoolean,
        ["not"] = Kind.Schema,
        ["allOf"] = Kind.Schemas,
        ["anyOf"] = Kind.Schemas,
        ["oneOf"] = Kind.Schemas,
        ["properties"] = Kind.SchemaMap,
        ["definitions"] = Kind.SchemaMap,
        ["patternProperties"] = Kind.PatternSchemaMap,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Keywords of drafts 6 to 2020-12 that NJsonSchema does not enforce, with what to use instead.</summary>
    private static readonly FrozenDictionary<string, string> Unenforced = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["const"] = "use \"enum\" with the one value",
        ["$defs"] = "use \"definitions\"",
        ["contains"] = "check it upstream",
        ["propertyNames"] = "use \"patternProperties\" with \"additionalProperties\": false",
        ["dependencies"] = "check it upstream",
        ["dependentRequired"] = "check it upstream",
        ["dependentSchemas"] = "check it upstream",
        ["if"] = "use \"oneOf\" or \"anyOf\"",
        ["then"] = "use \"oneOf\" or \"anyOf\"",
        ["else"] = "use \"oneOf\" or \"anyOf\"",
        ["prefixItems"] = "use \"items\" with an array (draft 7)",
        ["unevaluatedProperties"] = "use \"additionalProperties\"",
        ["unevaluatedItems"] = "use \"additionalItems\"",
        ["minContains"] = "check it upstream",
        ["maxContains"] = "check it upstream",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private enum Kind
    {
        Annotation,
        String,
        Boolean,
        Dialect,
        Reference,
        Type,
        Enum,
        Number,
        PositiveNumber,
        NumberOrBoolean,
        Count,
        PositiveCount,
        Pattern,
        Names,
        Schema,
        SchemaOrBoolean,
        SchemaOrSchemas,
        Schemas,
        SchemaMap,
        PatternSchemaMap,
    }

    /// <summary>Every problem of <paramref name="root"/>, each as "#/pointer: what is wrong"; empty when the schema is fine.</summary>
    public static List<string> Check(JsonElement root)
    {
        var problems = new List<string>();
        CheckSchema(root, "", problems);
        return problems;
    }

    private static void CheckSchema(JsonElement schema, string at, List<string> problems)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            problems.Add(schema.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? $"#{at}: a boolean schema is supported only as additionalProperties or additionalItems; write {{}} for true"
                : $"#{at}: a schema must be a JSON object");
            return;
        }

        foreach (var member in schema.EnumerateObject())
        {
            var where = JsonPointers.Member(at, member.Name);
            if (Keywords.TryGetValue(member.Name, out var kind))
            {
                CheckKeyword(kind, member.Value, where, problems);
            }
            else if (Unenforced.TryGetValue(member.Name, out var instead))
            {
                problems.Add($"#{where}: the gateway's validator (NJsonSchema) does not enforce {member.Name}; {instead}");
            }
            else if (!member.Name.StartsWith("x-", StringComparison.Ordinal))
            {
                problems.Add($"#{where}: unknown keyword; the gateway refuses keywords it would not enforce (name extensions x-…)");
            }
        }
    }

    private static void CheckKeyword(Kind kind, JsonElement value, string at, List<string> problems)
    {
        var problem = kind switch
        {
            Kind.Annotation => null,
            Kind.String => Expect(value.ValueKind == JsonValueKind.String, "must be a string"),
            Kind.Boolean => Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, "must be true or false"),
            Kind.Dialect => Expect(value.ValueKind == JsonValueKind.String && Dialects.Contains(value.GetString()!),
                "must name draft 4, 6 or 7 (http://json-schema.org/draft-07/schema#): the gateway's validator (NJsonSchema) supports no other"),
            Kind.Reference => Expect(value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith('#'),
                "must point into this file (#/definitions/…): schemas in other files or at URLs are not loaded"),
            Kind.Type => CheckType(value),
            Kind.Enum => Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, "must be a non-empty array"),
            Kind.Number => Expect(value.ValueKind == JsonValueKind.Number, "must be a number"),
            Kind.PositiveNumber => Expect(value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0, "must be a number greater than 0"),
            Kind.NumberOrBoolean => Expect(value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
                "must be a number (drafts 6 and 7) or a boolean (draft 4)"),
            Kind.Count => Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0,
                "must be a non-negative integer"),
            Kind.PositiveCount => Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count > 0,
                "must be an integer of at least 1 (the gateway's validator ignores 0)"),
            Kind.Pattern => CheckPattern(value),
            Kind.Names => Expect(value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(name => name.ValueKind == JsonValueKind.String),
                "must be an array of member names"),
            _ => null,
        };
        if (problem is not null)
        {
            problems.Add($"#{at}: {problem}");
            return;
        }

        switch (kind)
        {
            case Kind.Schema:
                CheckSchema(value, at, problems);
                break;
            case Kind.SchemaOrBoolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                CheckSchema(value, at, problems);
                break;
            case Kind.SchemaOrSchemas when value.ValueKind == JsonValueKind.Array:
                CheckSchemas(value, at, problems);
                break;
            case Kind.SchemaOrSchemas:
                CheckSchema(value, at, problems);
                break;
            case Kind.Schemas when value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0:
                problems.Add($"#{at}: must be a non-empty array of schemas");
                break;
            case Kind.Schemas:
                CheckSchemas(value, at, problems);
                break;
            case Kind.SchemaMap or Kind.PatternSchemaMap when value.ValueKind != JsonValueKind.Object:
                problems.Add($"#{at}: must be an object of schemas");
                break;
            case Kind.SchemaMap or Kind.PatternSchemaMap:
                foreach (var entry in value.EnumerateObject())
                {
                    var where = JsonPointers.Member(at, entry.Name);
                    if (kind == Kind.PatternSchemaMap && RegexProblem(entry.Name) is { } invalid)
                    {
                        problems.Add($"#{where}: the member name {invalid}");
                    }

                    CheckSchema(entry.Value, where, problems);
                }

                break;
        }
    }

    private static void CheckSchemas(JsonElement array, string at, List<string> problems)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            CheckSchema(item, $"{at}/{index++}", problems);
        }
    }

    private static string? Expect(bool valid, string problem) => valid ? null : problem;

    private static string? CheckType(JsonElement value)
    {
        const string Problem = "must be one of array, boolean, integer, null, number, object, string, or a non-empty array of them without repeats";
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeNames.Contains(value.GetString()!) ? null : Problem;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return Problem;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !TypeNames.Contains(item.GetString()!) || !names.Add(item.GetString()!))
            {
                return Problem;
            }
        }

        return null;
    }

    private static string? CheckPattern(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ? "must be a string" : RegexProblem(value.GetString()!) is { } problem ? "the pattern " + problem : null;

    private static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, Regex.InfiniteMatchTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid .NET regular expression: {e.Message}";
        }
    }
}
