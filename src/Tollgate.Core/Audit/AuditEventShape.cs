namespace Tollgate.Core.Audit;

/// <summary>Which fields a call requires: the seed-compatible <c>POST /events</c> keeps its stricter contract.</summary>
public enum AuditEventShape
{
    /// <summary><c>/api/v1/logs</c>: user_id, event_type and src_service are required.</summary>
    V1,

    /// <summary><c>POST /events</c>: also invariant_data and app_data, as seed 002 required them.</summary>
    Seed002,
}
