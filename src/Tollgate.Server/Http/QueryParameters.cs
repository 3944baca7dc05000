using System.Globalization;
using Tollgate.Core.Audit;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Http;

/// <summary>
/// The query-parameter parsers the audit, request and analytics APIs share, so a bad number or timestamp is worded
/// the same everywhere. Each returns null for an absent (or empty) value and adds one error naming the parameter for a
/// bad one.
/// </summary>
internal static class QueryParameters
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static int? ParseInt(string? value, string name, int min, int max, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors.Add(new(null, name, $"must be a whole number from {min} to {max}."));
        return null;
    }

    /// <summary>An RFC 3339 date-time with an offset, not before 1970.</summary>
    public static DateTimeOffset? ParseTimestamp(string? value, string name, List<ProblemFieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (AuditEventReader.TryParseTimestamp(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(new(null, name, "must be an RFC 3339 date-time with an offset, such as 2024-01-01T00:00:00Z, not before 1970."));
        return null;
    }
}
