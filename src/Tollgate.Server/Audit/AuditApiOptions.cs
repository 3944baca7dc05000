using Tollgate.Core.Audit;

namespace Tollgate.Server.Audit;

/// <summary>
/// Limits of the audit HTTP API, bound from the <c>Audit</c> configuration section and validated at start-up.
/// Read once per request, so changes apply to the next request.
/// </summary>
public sealed class AuditApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Audit";

    /// <summary>Largest body of a single-event call (POST, PUT, PATCH), in bytes. Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of a bulk call, in bytes. Default 32 MiB.</summary>
    public long MaxBulkBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most events in one bulk call. Default 10,000.</summary>
    public int MaxBulkEvents { get; set; } = 10_000;

    /// <summary>Deepest nesting of objects and arrays in a request body. Default 32.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Limits on each event (field lengths, canonical size).</summary>
    public AuditEventLimits Limits { get; set; } = new();
}
