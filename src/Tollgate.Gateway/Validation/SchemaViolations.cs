using System.Globalization;
using Newtonsoft.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// Turns NJsonSchema's error tree into the flat list a client sees: one entry per broken rule with its JSON Pointer and
/// a sentence naming the rule's own values ("must be at most 10"). Errors that only group others (an array item, an
/// additional property, <c>allOf</c>) are replaced by what they group, so nested mistakes point where they are.
/// </summary>
internal static class SchemaViolations
{
    /// <summary>Enum values shown in a message before it says how many more there are.</summary>
    private const int MaxEnumValuesShown = 10;

    /// <summary>
    /// The violations of <paramref name="errors"/>, in NJsonSchema's order without repeats, at most
    /// <paramref name="max"/> of them; <paramref name="total"/> counts them all. Only the listed ones get a pointer and
    /// a message (a pointer into a large array costs a scan of it), so those beyond the list are counted as they come,
    /// repeats included.
    /// </summary>
    public static List<SchemaViolation> Describe(IEnumerable<ValidationError> errors, int max, out int total)
    {
        var list = new List<SchemaViolation>();
        var seen = new HashSet<SchemaViolation>();
        total = 0;
        Collect(errors, list, seen, max, ref total);
        return list;
    }

    private static void Collect(IEnumerable<ValidationError> errors, List<SchemaViolation> into, HashSet<SchemaViolation> seen, int max, ref int total)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.NotAllOf or ValidationErrorKind.ArrayItemNotValid
                or ValidationErrorKind.AdditionalItemNotValid or ValidationErrorKind.AdditionalPropertiesNotValid)
            {
                Collect(child.Errors.Values.SelectMany(nested => nested), into, seen, max, ref total);
                continue;
            }

            if (into.Count >= max)
            {
                total++;
                continue;
            }

            var violation = new SchemaViolation(PointerOf(error), MessageOf(error));
            if (seen.Add(violation))
            {
                total++;
                into.Add(violation);
            }
        }
    }

    private static string PointerOf(ValidationError error)
    {
        var at = error.Token is { } token ? JsonPointers.Of(token) : "";
        return error.Kind == ValidationErrorKind.PropertyRequired && error.Property is { } name ? JsonPointers.Member(at, name) : at;
    }

    private static string MessageOf(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not allowed: the schema lists every member this object may have",
            ValidationErrorKind.StringExpected => "must be a string",
            ValidationErrorKind.NumberExpected => "must be a number",
            ValidationErrorKind.IntegerExpected => "must be an integer",
            ValidationErrorKind.BooleanExpected => "must be a boolean",
            ValidationErrorKind.ObjectExpected => "must be an object",
            ValidationErrorKind.ArrayExpected => "must be an array",
            ValidationErrorKind.NullExpected => "must be null",
            ValidationErrorKind.NoTypeValidates => "must be " + TypeNames(schema.Type),
            ValidationErrorKind.NotInEnumeration => "must be one of " + EnumValues(schema.Enumeration),
            ValidationErrorKind.PatternMismatch => $"must match the pattern {schema.Pattern}",
            ValidationErrorKind.StringTooShort => $"must be at least {schema.MinLength} characters long",
            ValidationErrorKind.StringTooLong => $"must be at most {schema.MaxLength} characters long",
            ValidationErrorKind.NumberTooSmall => Minimum(schema),
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => Maximum(schema),
            ValidationErrorKind.NumberNotMultipleOf or ValidationErrorKind.IntegerNotMultipleOf => $"must be a multiple of {Number(schema.MultipleOf)}",
            ValidationErrorKind.TooFewItems => $"must have at least {schema.MinItems} items",
            ValidationErrorKind.TooManyItems => $"must have at most {schema.MaxItems} items",
            ValidationErrorKind.ItemsNotUnique => "must not hold the same item twice",
            ValidationErrorKind.TooManyItemsInTuple => "is not allowed: the array has more items than the schema lists",
            ValidationErrorKind.TooFewProperties => $"must have at least {schema.MinProperties} members",
            ValidationErrorKind.TooManyProperties => $"must have at most {schema.MaxProperties} members",
            ValidationErrorKind.DateTimeExpected => "must be a date and time (RFC 3339, e.g. 2026-01-31T09:30:00Z)",
            ValidationErrorKind.DateExpected => "must be a date (e.g. 2026-01-31)",
            ValidationErrorKind.TimeExpected => "must be a time of day (e.g. 09:30:00)",
            ValidationErrorKind.TimeSpanExpected => "must be a duration",
            ValidationErrorKind.UriExpected => "must be an absolute URI",
            ValidationErrorKind.EmailExpected => "must be an email address",
            ValidationErrorKind.HostnameExpected => "must be a host name",
            ValidationErrorKind.IpV4Expected => "must be an IPv4 address",
            ValidationErrorKind.IpV6Expected => "must be an IPv6 address",
            ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "must be a UUID",
            ValidationErrorKind.Base64Expected => "must be base64",
            ValidationErrorKind.NotAnyOf => "must match at least one of the schemas listed in anyOf",
            ValidationErrorKind.NotOneOf => error is ChildSchemaValidationError oneOf && oneOf.Errors.Values.Any(nested => nested.Count == 0)
                ? "must match exactly one of the schemas listed in oneOf; it matches several"
                : "must match exactly one of the schemas listed in oneOf; it matches none",
            ValidationErrorKind.NotAllOf => "must match every schema listed in allOf",
            ValidationErrorKind.ExcludedSchemaValidates => "must not match the schema given in not",
            _ => "does not match the schema",
        };
    }

    private static string Minimum(JsonSchema schema) =>
        schema.ExclusiveMinimum is { } exclusive && (schema.Minimum is not { } inclusive || exclusive >= inclusive)
            ? $"must be greater than {Number(exclusive)}"
            : schema.IsExclusiveMinimum ? $"must be greater than {Number(schema.Minimum)}" : $"must be at least {Number(schema.Minimum)}";

    private static string Maximum(JsonSchema schema) =>
        schema.ExclusiveMaximum is { } exclusive && (schema.Maximum is not { } inclusive || exclusive <= inclusive)
            ? $"must be less than {Number(exclusive)}"
            : schema.IsExclusiveMaximum ? $"must be less than {Number(schema.Maximum)}" : $"must be at most {Number(schema.Maximum)}";

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string TypeNames(JsonObjectType type)
    {
        var names = new List<string>();
        AddIf(JsonObjectType.Object, "an object");
        AddIf(JsonObjectType.Array, "an array");
        AddIf(JsonObjectType.String, "a string");
        AddIf(JsonObjectType.Integer, "an integer");
        AddIf(JsonObjectType.Number, "a number");
        AddIf(JsonObjectType.Boolean, "a boolean");
        AddIf(JsonObjectType.Null, "null");
        return names.Count switch
        {
            0 => "of another type",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
        };

        void AddIf(JsonObjectType flag, string name)
        {
            if (type.HasFlag(flag))
            {
                names.Add(name);
            }
        }
    }

    private static string EnumValues(ICollection<object?> values)
    {
        var shown = string.Join(", ", values.Take(MaxEnumValuesShown).Select(value => JsonConvert.SerializeObject(value, Formatting.None)));
        return values.Count > MaxEnumValuesShown ? $"{shown}, … ({values.Count} values)" : shown;
    }
}
