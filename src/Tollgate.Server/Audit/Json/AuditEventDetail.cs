using System.Text.Json.Serialization;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit.Json;

/// <summary>One event with the amendments recorded for it: the event's members plus <c>"amendments":[…]</c>.</summary>
/// <param name="Event">The event asked for.</param>
/// <param name="Amendments">Amendment events that reference it, oldest first.</param>
[JsonConverter(typeof(AuditEventDetailJsonConverter))]
internal sealed record AuditEventDetail(AuditEvent Event, IReadOnlyList<AuditEvent> Amendments);
