using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Requests;

namespace Tollgate.Gateway.Capture;

/// <summary>
/// Redacts a header collection by allow-list: every name is kept, in order; only allow-listed values are kept, after
/// secret detection (and query redaction of URL-valued headers); the rest are masked. Immutable and thread-safe.
/// </summary>
internal sealed class HeaderRedactor
{
    private static readonly FrozenSet<string> UrlHeaders =
        new[] { "Location", "Content-Location", "Referer" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenSet<string> kept;
    private readonly QueryRedactor query;
    private readonly bool detectSecrets;

    /// <param name="allowed">Headers whose values are kept.</param>
    /// <param name="redacted">Headers whose values are masked even when allowed.</param>
    /// <param name="query">Redacts the query and fragment of URL-valued headers.</param>
    /// <param name="detectSecrets">Whether kept values are scanned for secrets.</param>
    public HeaderRedactor(IEnumerable<string> allowed, IEnumerable<string> redacted, QueryRedactor query, bool detectSecrets)
    {
        var masked = new HashSet<string>(redacted, StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in allowed)
        {
            if (!masked.Contains(name))
            {
                names.Add(name);
            }
        }

        kept = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        this.query = query;
        this.detectSecrets = detectSecrets;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Redact(IHeaderDictionary headers)
    {
        var count = Math.Min(headers.Count, RequestLimits.MaxHeaders);
        if (count == 0)
        {
            return [];
        }

        var result = new KeyValuePair<string, string>[count];
        var i = 0;
        foreach (var (name, values) in headers)
        {
            if (i == count)
            {
                break;
            }

            result[i++] = new(Cap(name), kept.Contains(name) ? Cap(RedactValue(name, values)) : RequestRedaction.Mask);
        }

        return i == count ? result : result[..i];
    }

    private string RedactValue(string name, StringValues values)
    {
        var value = values.Count switch
        {
            0 => string.Empty,
            1 => values[0] ?? string.Empty,
            _ => string.Join(", ", values.ToArray()),
        };
        var isUrl = UrlHeaders.Contains(name);
        if (value.Length == 0 || !(detectSecrets || isUrl))
        {
            return value;
        }

        var output = new SpanRewriter<char>(value);
        try
        {
            if (isUrl)
            {
                RedactUrl(value, ref output);
            }
            else
            {
                SecretDetector.Redact(value.AsSpan(), 0, ref output);
            }

            return output.Changed ? new string(output.Complete(value.Length)) : value;
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>Redacts a URL's query and fragment as queries (OAuth puts tokens in fragments) and scans the rest.</summary>
    private void RedactUrl(ReadOnlySpan<char> url, ref SpanRewriter<char> output)
    {
        var queryStart = url.IndexOfAny('?', '#');
        var pathEnd = queryStart < 0 ? url.Length : queryStart;
        if (detectSecrets)
        {
            SecretDetector.Redact(url[..pathEnd], 0, ref output);
        }

        if (queryStart < 0)
        {
            return;
        }

        var fragmentStart = url[queryStart] == '#' ? queryStart : url.IndexOf('#');
        if (fragmentStart != queryStart)
        {
            var queryEnd = fragmentStart < 0 ? url.Length : fragmentStart;
            query.Redact(url[(queryStart + 1)..queryEnd], queryStart + 1, ref output);
        }

        if (fragmentStart >= 0)
        {
            query.Redact(url[(fragmentStart + 1)..], fragmentStart + 1, ref output);
        }
    }

    private static string Cap(string value)
    {
        const int Max = RequestLimits.MaxHeaderValueLength;
        return value.Length <= Max ? value : value[..(char.IsHighSurrogate(value[Max - 1]) ? Max - 1 : Max)];
    }
}
