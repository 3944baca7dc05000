using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Health;

/// <summary>Readiness: healthy when the audit store answers queries.</summary>
internal sealed class AuditStoreHealthCheck(IAuditEventStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReadyAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The audit store answers queries.")
            : HealthCheckResult.Unhealthy("The audit store is not ready.");
}
