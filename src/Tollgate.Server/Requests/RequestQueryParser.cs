using System.Globalization;
using Tollgate.Core.Requests;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Requests;

/// <summary>
/// Turns the raw query parameters of <c>GET /api/requests</c> into a <see cref="RequestQuery"/>, collecting one error
/// per bad parameter so a single answer names every one of them. An empty value counts as absent.
/// </summary>
internal static class RequestQueryParser
{
    /// <summary>Requests on a page unless <c>limit</c> says otherwise (seed 004's default).</summary>
    public const int DefaultLimit = 100;

    /// <summary>The window when neither <c>hours</c> nor <c>from</c>/<c>to</c> is given (seed 004's default).</summary>
    public const int DefaultHours = 1;

    /// <summary>The longest <c>hours</c> window: a leap year.</summary>
    public const int MaxHours = 8784;

    private const string StatusForms = "must be a status such as 404, an inclusive range such as 500-599 or a class such as 5xx, between 100 and 599.";

    /// <summary>The query the parameters describe, relative to <paramref name="now"/>; check <paramref name="errors"/> before using it.</summary>
    public static RequestQuery Parse(RequestListParameters parameters, DateTimeOffset now, List<ProblemFieldError> errors)
    {
        var limit = QueryParameters.ParseInt(parameters.Limit, "limit", 1, RequestQuery.MaxLimit, errors) ?? DefaultLimit;
        var hours = QueryParameters.ParseInt(parameters.Hours, "hours", 1, MaxHours, errors);
        var from = QueryParameters.ParseTimestamp(parameters.From, "from", errors);
        var to = QueryParameters.ParseTimestamp(parameters.To, "to", errors);
        var hasRange = !string.IsNullOrEmpty(parameters.From) || !string.IsNullOrEmpty(parameters.To);
        if (!string.IsNullOrEmpty(parameters.Hours) && hasRange)
        {
            errors.Add(new(null, "hours", "cannot be combined with from or to: give either the last N hours or a from/to range."));
        }
        else if (from is { } start && to is { } end && start >= end)
        {
            errors.Add(new(null, "to", "must be later than \"from\"."));
        }

        if (!hasRange)
        {
            from = now.AddHours(-(hours ?? DefaultHours));
        }

        var (statusMin, statusMax) = ParseStatus(parameters.Status, errors);
        var filter = new RequestFilter
        {
            From = from,
            To = to,
            Service = ParseText(parameters.Service, "service", RequestLimits.MaxNameLength, errors),
            Route = ParseText(parameters.Route, "route", RequestLimits.MaxNameLength, errors),
            Method = ParseMethod(parameters.Method, errors),
            StatusMin = statusMin,
            StatusMax = statusMax,
            PathPrefix = ParseText(parameters.PathPrefix, "path_prefix", RequestLimits.MaxPathLength, errors),
            RequestId = ParseText(parameters.RequestId, "request_id", RequestLimits.MaxRequestIdLength, errors),
            TraceId = ParseTraceId(parameters.TraceId, errors),
            Principal = ParseText(parameters.Principal, "principal", RequestLimits.MaxPrincipalLength, errors),
        };
        return new RequestQuery(filter, limit, ParseCursor(parameters.Cursor, errors));
    }

    private static string? ParseText(string? value, string name, int maxLength, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(null, name, $"is {value.Length} characters long; the limit is {maxLength}."));
            return null;
        }

        return value;
    }

    private static string? ParseMethod(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length <= RequestLimits.MaxMethodLength && HttpSyntax.IsToken(value))
        {
            return value.ToUpperInvariant();
        }

        errors.Add(new(null, "method", $"must be an HTTP method such as GET, of at most {RequestLimits.MaxMethodLength} characters."));
        return null;
    }

    private static string? ParseTraceId(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var lower = value.ToLowerInvariant();
        if (HttpSyntax.IsTraceContextId(lower, 32))
        {
            return lower;
        }

        errors.Add(new(null, "trace_id", "must be a W3C trace id: 32 hexadecimal digits, not all zero, such as 4bf92f3577b34da6a3ce929d0e0e4736."));
        return null;
    }

    private static (int? Min, int? Max) ParseStatus(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        if (TryParseStatus(value, out var single))
        {
            return (single, single);
        }

        if (value.Length == 3 && value[0] is >= '1' and <= '5' && value[1..].Equals("xx", StringComparison.OrdinalIgnoreCase))
        {
            var low = (value[0] - '0') * 100;
            return (low, low + 99);
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && TryParseStatus(value[..dash], out var first) && TryParseStatus(value[(dash + 1)..], out var last))
        {
            if (first <= last)
            {
                return (first, last);
            }

            errors.Add(new(null, "status", $"is a range that ends before it starts; write the lower status first: {last}-{first}."));
            return (null, null);
        }

        errors.Add(new(null, "status", StatusForms));
        return (null, null);
    }

    private static bool TryParseStatus(string value, out int status) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out status) && value.Length == 3 && status is >= 100 and <= 599;

    private static RequestCursor? ParseCursor(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (RequestCursor.TryParse(value, out var cursor))
        {
            return cursor;
        }

        errors.Add(new(null, "cursor", "is not a cursor this server issued; pass the next_cursor of the previous page unchanged."));
        return null;
    }
}
