using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// Refuses capture settings that cannot be compiled (a cap out of range, a header name that is no HTTP token, a
/// malformed JSON pointer, an empty name), naming the configuration key, so a bad setting stops the start or the
/// configuration reload instead of silently capturing or redacting less than intended.
/// </summary>
internal sealed class CaptureOptionsValidator : IValidateOptions<CaptureOptions>
{
    /// <summary>Longest header, field or parameter name, and longest JSON pointer segment, in characters.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Most segments in a JSON pointer; deeper values are masked by naming a parent.</summary>
    public const int MaxPathSegments = 32;

    public ValidateOptionsResult Validate(string? name, CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Validate(options, CaptureOptions.SectionName, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds one message per problem to <paramref name="failures"/>, each naming its key under <paramref name="section"/>.</summary>
    public static void Validate(CaptureOptions options, string section, ICollection<string> failures)
    {
        if (options.Mode is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add($"{section}:Mode must be Metadata or Bodies; it is {(int)mode}.");
        }

        if (options.MaxBodyBytes is < 0 or > RequestLimits.MaxBodyBytes)
        {
            failures.Add($"{section}:MaxBodyBytes must be between 0 and {RequestLimits.MaxBodyBytes}; it is {options.MaxBodyBytes}.");
        }

        for (var i = 0; i < options.AllowedHeaders.Count; i++)
        {
            CheckHeaderName(options.AllowedHeaders[i], $"{section}:AllowedHeaders:{i}", failures);
        }

        for (var i = 0; i < options.RedactHeaders.Count; i++)
        {
            CheckHeaderName(options.RedactHeaders[i], $"{section}:RedactHeaders:{i}", failures);
        }

        for (var i = 0; i < options.RedactJsonFields.Count; i++)
        {
            CheckFieldName(options.RedactJsonFields[i], $"{section}:RedactJsonFields:{i}", failures);
        }

        for (var i = 0; i < options.RedactQueryParameters.Count; i++)
        {
            CheckFieldName(options.RedactQueryParameters[i], $"{section}:RedactQueryParameters:{i}", failures);
        }

        for (var i = 0; i < options.RedactJsonPaths.Count; i++)
        {
            var path = options.RedactJsonPaths[i];
            if (!JsonPathMatcher.TryParse(path, out var segments) || segments.Count > MaxPathSegments || !AllShort(segments))
            {
                failures.Add($"{section}:RedactJsonPaths:{i} must be a JSON pointer such as /customer/email or /items/*/card "
                    + $"(at most {MaxPathSegments} segments of at most {MaxNameLength} characters; ~0 and ~1 escape '~' and '/'); it is '{path}'.");
            }
        }
    }

    private static void CheckHeaderName(string? name, string key, ICollection<string> failures)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !IsToken(name))
        {
            failures.Add($"{key} must be an HTTP header name of 1 to {MaxNameLength} letters, digits and !#$%&'*+-.^_`|~; it is '{name}'.");
        }
    }

    private static void CheckFieldName(string? name, string key, ICollection<string> failures)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || SensitiveNames.Normalize(name).Length == 0)
        {
            failures.Add($"{key} must be a name of 1 to {MaxNameLength} characters, not only '_' and '-'; it is '{name}'.");
        }
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllShort(List<string?> segments)
    {
        foreach (var segment in segments)
        {
            if (segment is { Length: > MaxNameLength })
            {
                return false;
            }
        }

        return true;
    }
}
