using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Tollgate.Gateway.Validation;

/// <summary>One compiled schema of a <see cref="RequestSchemaSet"/>, with where it came from for logs. Immutable and thread-safe.</summary>
internal sealed class RequestSchema(string method, string path, JsonSchema schema)
{
    // The validator keeps no state between calls; one instance saves rebuilding its format validators per request.
    private static readonly JsonSchemaValidator Validator = new(new JsonSchemaValidatorSettings());

    /// <summary>The method key it was configured under, upper case, or <see cref="RequestSchemaSet.AnyMethod"/>.</summary>
    public string Method { get; } = method;

    /// <summary>The schema file's full path.</summary>
    public string Path { get; } = path;

    /// <summary>Every violation of <paramref name="body"/>, as NJsonSchema reports them.</summary>
    public ICollection<ValidationError> Validate(JToken body) => Validator.Validate(body, schema);
}
