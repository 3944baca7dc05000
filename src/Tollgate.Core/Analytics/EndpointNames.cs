using System.Buffers;
using System.Text;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Analytics;

/// <summary>
/// The endpoint analytics group a request under: its route template when it has one (<c>/orders/{id}</c>), otherwise
/// its path with the segments that look like ids folded to <c>{id}</c>. Without the folding every order number would
/// be an endpoint of its own, and rollups would grow with traffic again. A catch-all template (a gateway route
/// <c>/orders/{**rest}</c> fronting a whole service) names no endpoint, so its requests are grouped by folded path too.
/// </summary>
public static class EndpointNames
{
    /// <summary>The longest endpoint kept, in characters; longer ones are cut and end in <c>…</c>.</summary>
    public const int MaxLength = 256;

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");

    /// <summary>The endpoint of <paramref name="record"/>.</summary>
    public static string Of(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var template = record.RouteTemplate;
        return Cap(string.IsNullOrEmpty(template) || template.Contains("{*", StringComparison.Ordinal) ? Fold(record.Path) : template);
    }

    /// <summary>
    /// <paramref name="path"/> with id-like segments replaced by <c>{id}</c>: all digits, a GUID, 16 or more hex
    /// digits, or 20 or more characters mixing letters and digits (opaque tokens).
    /// </summary>
    public static string Fold(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = (StringBuilder?)null;
        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var segment = path.AsSpan(start, end - start);
            if (IsId(segment))
            {
                builder ??= new StringBuilder(path.Length).Append(path, 0, start);
                builder.Append("{id}");
            }
            else
            {
                builder?.Append(segment);
            }

            if (end == path.Length)
            {
                break;
            }

            builder?.Append('/');
            start = end + 1;
        }

        return builder?.ToString() ?? path;
    }

    private static string Cap(string endpoint) =>
        endpoint.Length <= MaxLength ? endpoint : string.Concat(endpoint.AsSpan(0, MaxLength - 1), "…");

    private static bool IsId(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }

        if (!segment.ContainsAnyExcept(Digits))
        {
            return true;
        }

        if (segment.Length == 36 && Guid.TryParseExact(segment, "D", out _))
        {
            return true;
        }

        if (segment.Length >= 16 && !segment.ContainsAnyExcept(HexDigits))
        {
            return true;
        }

        return segment.Length >= 20
            && segment.ContainsAnyInRange('0', '9')
            && !segment.ContainsAnyExcept(TokenCharacters);
    }
}
