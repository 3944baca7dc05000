using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Audit;

/// <summary>
/// The filter query parameters shared by search and export. Bound as raw strings so that
/// <see cref="AuditQueryParser"/> can answer a malformed value with a message naming the parameter.
/// </summary>
internal sealed class AuditFilterParameters
{
    [FromQuery(Name = "from")]
    [Description("Inclusive lower bound on the event timestamp, RFC 3339 with an offset.")]
    public string? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("Exclusive upper bound on the event timestamp, RFC 3339 with an offset.")]
    public string? To { get; init; }

    [FromQuery(Name = "src_service")]
    [Description("Exact source service.")]
    public string? SrcService { get; init; }

    [FromQuery(Name = "event_type")]
    [Description("Exact event type.")]
    public string? EventType { get; init; }

    [FromQuery(Name = "user_id")]
    [Description("Exact user id.")]
    public string? UserId { get; init; }

    [FromQuery(Name = "target")]
    [Description("Exact target.")]
    public string? Target { get; init; }

    [FromQuery(Name = "request_id")]
    [Description("Exact request id.")]
    public string? RequestId { get; init; }

    [FromQuery(Name = "trace_id")]
    [Description("Exact W3C trace id.")]
    public string? TraceId { get; init; }

    [FromQuery(Name = "q")]
    [Description("Free text: case-insensitive substring of the message or any attribute.")]
    public string? Q { get; init; }
}
