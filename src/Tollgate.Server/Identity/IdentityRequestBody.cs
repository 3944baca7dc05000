using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Identity;

/// <summary>
/// Reads the small JSON bodies of the identity APIs: capped at 64 KB, unknown members and missing required members
/// refused with a message naming them, so a typo never silently drops a setting.
/// </summary>
internal static partial class IdentityRequestBody
{
    private const long MaxBytes = 64 * 1024;
    private const int MaxDepth = 8;

    /// <summary>The strict copy of the HTTP JSON options; one reference, so readers never see half an update.</summary>
    private static StrictOptions? cached;

    public static async Task<ProblemOr<T>> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var read = await JsonRequestBody.ReadAsync(context.Request, MaxBytes, MaxDepth, context.RequestAborted);
        if (read.IsProblem)
        {
            return read.Problem;
        }

        using var body = read.Value;
        var options = Strict(context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        try
        {
            return body.Root.Deserialize<T>(options) is { } value
                ? value
                : Problem.Invalid("The body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            return Problem.Invalid(Describe(exception));
        }
    }

    private static string Describe(JsonException exception)
    {
        var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at {exception.Path}";
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;

        // The serializer names .NET types; the client only knows JSON members.
        message = TypeMention().Replace(message, string.Empty)
            .Replace(".NET member", "member", StringComparison.Ordinal)
            .Replace("The constructor parameter", "The member", StringComparison.Ordinal)
            .Replace(" Consider updating its nullability annotation.", string.Empty, StringComparison.Ordinal);
        return $"The body does not match the expected shape{where}: {message}";
    }

    private static JsonSerializerOptions Strict(JsonSerializerOptions http)
    {
        if (cached is { } known && ReferenceEquals(known.Source, http))
        {
            return known.Strict;
        }

        var strict = new JsonSerializerOptions(http)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        strict.MakeReadOnly(populateMissingResolver: true);
        cached = new StrictOptions(http, strict);
        return strict;
    }

    [GeneratedRegex(@" (?:for|on|contained in|of) type '[^']*'")]
    private static partial Regex TypeMention();

    private sealed record StrictOptions(JsonSerializerOptions Source, JsonSerializerOptions Strict);
}
