using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NJsonSchema;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// The JSON Schemas one route checks request bodies against, by HTTP method, read and compiled once per configuration
/// load so that nothing is parsed on the request path. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Method keys are case-insensitive: GET, POST, PUT, PATCH, DELETE, OPTIONS, or <see cref="AnyMethod"/>. A request is
/// matched case-insensitively too, because many upstreams treat <c>post</c> as POST. <see cref="AnyMethod"/> covers
/// every method not listed on its own whenever the request carries a body, and POST, PUT and PATCH always: a body sent
/// with DELETE cannot slip past it, and an empty POST is refused rather than passed unchecked.
/// </para>
/// <para>
/// Each file is one self-contained schema of draft 4, 6 or 7 (<c>$ref</c> only within the file) that uses only
/// keywords the validator enforces: a misspelt or unenforced keyword fails the load instead of leaving a route that
/// looks protected and checks nothing (Validation/README.md lists them).
/// </para>
/// </remarks>
public sealed class RequestSchemaSet
{
    /// <summary>The method key of a schema for any method with a body (see the remarks).</summary>
    public const string AnyMethod = "*";

    private static readonly FrozenSet<string> SupportedMethods = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options);

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private readonly FrozenDictionary<string, RequestSchema> byMethod;
    private readonly RequestSchema? anyMethod;

    private RequestSchemaSet(Dictionary<string, RequestSchema> schemas)
    {
        schemas.Remove(AnyMethod, out anyMethod);
        byMethod = schemas.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        var methods = schemas.Keys.Order(StringComparer.Ordinal).ToList();
        if (anyMethod is not null)
        {
            methods.Add(AnyMethod);
        }

        Methods = methods.AsReadOnly();
    }

    /// <summary>The configured method keys, upper case, <see cref="AnyMethod"/> last.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>
    /// Reads and compiles the schema files of <paramref name="fileByMethod"/>; relative paths start at
    /// <paramref name="baseDirectory"/>. An empty map gives a set that validates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A method is not supported or is given twice, or a file is missing, unreadable, not JSON or not a schema the
    /// validator can enforce; the message names the method and the file, and says what is wrong.
    /// </exception>
    public static async Task<RequestSchemaSet> LoadAsync(
        IReadOnlyDictionary<string, string> fileByMethod,
        string baseDirectory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileByMethod);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var schemas = new Dictionary<string, RequestSchema>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, file) in fileByMethod)
        {
            var method = key.Trim().ToUpperInvariant();
            if (method != AnyMethod && !SupportedMethods.Contains(method))
            {
                throw new InvalidOperationException(
                    $"The request schema '{file}' is given for the method '{key}'; use GET, POST, PUT, PATCH, DELETE, OPTIONS or {AnyMethod} (any method with a body).");
            }

            if (schemas.TryGetValue(method, out var earlier))
            {
                throw new InvalidOperationException($"The {method} request schema is given twice: '{earlier.Path}' and '{file}'.");
            }

            if (string.IsNullOrWhiteSpace(file))
            {
                throw new InvalidOperationException($"The {method} request schema has no file path.");
            }

            var path = Path.GetFullPath(file, baseDirectory);
            schemas.Add(method, await LoadAsync(method, path, cancellationToken));
        }

        return new RequestSchemaSet(schemas);
    }

    /// <summary>The schema <paramref name="request"/> must satisfy, or null when its method has none.</summary>
    internal RequestSchema? Find(HttpRequest request)
    {
        var method = request.Method;
        if (byMethod.TryGetValue(method, out var schema))
        {
            return schema;
        }

        return anyMethod is not null && (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || RequestBodyReader.HasBody(request))
            ? anyMethod
            : null;
    }

    private static async Task<RequestSchema> LoadAsync(string method, string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid(method, path, "does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(method, path, $"cannot be read: {e.Message}", e);
        }

        ReadOnlyMemory<byte> json = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsMemory(Encoding.UTF8.Preamble.Length) : bytes;
        List<string> problems;
        try
        {
            using var document = JsonDocument.Parse(json, StrictJson);
            problems = SchemaKeywordCheck.Check(document.RootElement);
        }
        catch (JsonException e)
        {
            throw Invalid(method, path, $"is not JSON: {e.Message}", e);
        }

        if (problems.Count > 0)
        {
            var listed = string.Join("; ", problems.Take(SchemaKeywordCheck.MaxProblemsListed));
            var more = problems.Count > SchemaKeywordCheck.MaxProblemsListed ? $"; and {problems.Count - SchemaKeywordCheck.MaxProblemsListed} more" : "";
            throw Invalid(method, path, $"is not a schema the gateway can enforce: {listed}{more}.", inner: null);
        }

        try
        {
            var schema = await JsonSchema.FromJsonAsync(Encoding.UTF8.GetString(json.Span), path, cancellationToken);
            return new RequestSchema(method, path, schema);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Invalid(method, path, $"is not a valid JSON Schema: {e.Message}", e);
        }
    }

    private static InvalidOperationException Invalid(string method, string path, string problem, Exception? inner) =>
        new($"The {method} request schema '{path}' {problem}", inner);
}
