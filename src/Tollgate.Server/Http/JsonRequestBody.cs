using System.Text.Json;
using System.Text.Unicode;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Http;

/// <summary>
/// A request body read with a hard size cap, checked as UTF-8 and parsed as JSON with a depth limit and no duplicate
/// member names. Owns the pooled bytes the document points into, so dispose it when done with <see cref="Root"/>.
/// </summary>
internal sealed class JsonRequestBody : IDisposable
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly PooledBuffer _bytes;
    private readonly JsonDocument _document;

    private JsonRequestBody(PooledBuffer bytes, JsonDocument document)
    {
        _bytes = bytes;
        _document = document;
    }

    public JsonElement Root => _document.RootElement;

    /// <summary>
    /// Reads and parses the body, or answers the problem: 415 for a non-JSON Content-Type, 413 over
    /// <paramref name="maxBytes"/>, 400 for invalid UTF-8, invalid JSON or nesting deeper than <paramref name="maxDepth"/>.
    /// </summary>
    public static async Task<ProblemOr<JsonRequestBody>> ReadAsync(HttpRequest request, long maxBytes, int maxDepth, CancellationToken cancellationToken)
    {
        if (!JsonContentType.IsJson(request.ContentType))
        {
            return Problem.UnsupportedMediaType(request.ContentType, "application/json");
        }

        var bytes = await BoundedBodyReader.ReadAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return Problem.BodyTooLarge(maxBytes);
        }

        var json = bytes.Memory;
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        if (!Utf8.IsValid(json.Span))
        {
            bytes.Dispose();
            return Problem.InvalidUtf8();
        }

        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
            return new JsonRequestBody(bytes, document);
        }
        catch (JsonException ex)
        {
            var tooDeep = ExceedsDepth(json.Span, maxDepth);
            bytes.Dispose();
            return tooDeep ? Problem.JsonTooDeep(maxDepth) : Problem.InvalidJson(json.IsEmpty ? "the body is empty." : ex.Message);
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check unescapes member names and throws this for an escaped unpaired surrogate.
            bytes.Dispose();
            return Problem.InvalidJson("a member name holds an escaped unpaired surrogate (such as \\ud800); escape characters outside the BMP as a surrogate pair.");
        }
    }

    public void Dispose()
    {
        _document.Dispose();
        _bytes.Dispose();
    }

    /// <summary>
    /// Tells a depth violation from other syntax errors: scans without the depth limit and reports whether the
    /// nesting passes <paramref name="maxDepth"/> before any syntax error. Runs only on the error path.
    /// </summary>
    private static bool ExceedsDepth(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth
                    && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
