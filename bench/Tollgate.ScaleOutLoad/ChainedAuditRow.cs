using Tollgate.Core.Audit;

namespace Tollgate.ScaleOutLoad;

/// <summary>An event with the sequence number and hash the store would give it: one row of <c>audit_events</c>.</summary>
internal readonly record struct ChainedAuditRow(NewAuditEvent Event, long Sequence, byte[] Hash);
