using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Requests;

/// <summary>
/// The query parameters of <c>GET /api/requests</c>. Bound as raw strings so that <see cref="RequestQueryParser"/>
/// can answer a malformed value with a message naming the parameter.
/// </summary>
internal sealed class RequestListParameters
{
    [FromQuery(Name = "limit")]
    [Description("Most requests on the page, 1 to 1000; default 100.")]
    public string? Limit { get; init; }

    [FromQuery(Name = "hours")]
    [Description("The last N hours, 1 to 8784; default 1 unless from or to is given. Cannot be combined with from or to.")]
    public string? Hours { get; init; }

    [FromQuery(Name = "from")]
    [Description("Inclusive lower bound on the request timestamp, RFC 3339 with an offset.")]
    public string? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("Exclusive upper bound on the request timestamp, RFC 3339 with an offset.")]
    public string? To { get; init; }

    [FromQuery(Name = "service")]
    [Description("Exact service.")]
    public string? Service { get; init; }

    [FromQuery(Name = "route")]
    [Description("Exact gateway route id.")]
    public string? Route { get; init; }

    [FromQuery(Name = "method")]
    [Description("Exact HTTP method, in any case.")]
    public string? Method { get; init; }

    [FromQuery(Name = "status")]
    [Description("A status (404), an inclusive range (500-599) or a class (5xx).")]
    public string? Status { get; init; }

    [FromQuery(Name = "path_prefix")]
    [Description("Paths that start with this text (case-sensitive).")]
    public string? PathPrefix { get; init; }

    [FromQuery(Name = "request_id")]
    [Description("Exact X-Request-ID.")]
    public string? RequestId { get; init; }

    [FromQuery(Name = "trace_id")]
    [Description("Exact W3C trace id, 32 hex digits.")]
    public string? TraceId { get; init; }

    [FromQuery(Name = "principal")]
    [Description("Exact principal, such as key:<key id>.")]
    public string? Principal { get; init; }

    [FromQuery(Name = "cursor")]
    [Description("The next_cursor of the previous page, unchanged.")]
    public string? Cursor { get; init; }
}
