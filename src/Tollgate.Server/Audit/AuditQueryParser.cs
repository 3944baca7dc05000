using Tollgate.Core.Audit;
using Tollgate.Server.Http;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Audit;

/// <summary>
/// Parses query parameters from their raw strings, collecting one error per bad parameter so a single answer
/// names every one of them. An empty value counts as absent.
/// </summary>
internal static class AuditQueryParser
{
    /// <summary>Longest value of a text filter.</summary>
    public const int MaxTextLength = 1024;

    public static AuditEventFilter ParseFilter(AuditFilterParameters parameters, List<ProblemFieldError> errors)
    {
        var filter = new AuditEventFilter
        {
            From = QueryParameters.ParseTimestamp(parameters.From, "from", errors),
            To = QueryParameters.ParseTimestamp(parameters.To, "to", errors),
            SrcService = ParseText(parameters.SrcService, "src_service", errors),
            EventType = ParseText(parameters.EventType, "event_type", errors),
            UserId = ParseText(parameters.UserId, "user_id", errors),
            Target = ParseText(parameters.Target, "target", errors),
            RequestId = ParseText(parameters.RequestId, "request_id", errors),
            TraceId = ParseText(parameters.TraceId, "trace_id", errors),
            Text = ParseText(parameters.Q, "q", errors),
        };
        if (filter.From is { } from && filter.To is { } to && from >= to)
        {
            errors.Add(new(null, "to", "must be later than \"from\"."));
        }

        return filter;
    }

    public static string? ParseText(string? value, string name, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxTextLength)
        {
            errors.Add(new(null, name, $"is {value.Length} characters long; the limit is {MaxTextLength}."));
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(new(null, name, "must not contain the character U+0000 (NUL); no stored event holds one."));
            return null;
        }

        return value;
    }

    public static AuditSortOrder ParseOrder(string? value, AuditSortOrder defaultValue, List<ProblemFieldError> errors)
    {
        switch (value)
        {
            case null or "":
                return defaultValue;
            case "desc":
                return AuditSortOrder.Descending;
            case "asc":
                return AuditSortOrder.Ascending;
            default:
                errors.Add(new(null, "order", "must be \"desc\" (newest first) or \"asc\" (oldest first)."));
                return defaultValue;
        }
    }

    public static AuditCursor? ParseCursor(string? value, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (AuditCursor.TryParse(value, out var cursor))
        {
            return cursor;
        }

        errors.Add(new(null, "cursor", "is not a cursor this server issued; pass the next_cursor of the previous page unchanged."));
        return null;
    }
}
