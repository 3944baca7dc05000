using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tollgate.Core.Audit;
using Tollgate.Pipeline.Transport;
using Tollgate.Server.Topology;

namespace Tollgate.Server.Health;

/// <summary>
/// Readiness: healthy when the store answers queries. When it does not, a node that needs it to answer (any node of
/// the embedded default, and query or console nodes) is unhealthy; a scaled-out gateway, ingest or collector node is
/// only degraded: it keeps accepting into Redis, so a load balancer must not take it out, but the outage still shows.
/// </summary>
internal sealed class AuditStoreHealthCheck(IAuditEventStore store, NodeRoles roles, IAuditEventPublisher publisher) : IHealthCheck
{
    private readonly bool needsStore = !publisher.IsDeferred
        || roles.Has(NodeRole.Query)
        || roles.Has(NodeRole.Console);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await store.IsReadyAsync(cancellationToken))
        {
            return HealthCheckResult.Healthy("The store answers queries.");
        }

        return needsStore
            ? HealthCheckResult.Unhealthy("The store is not ready.")
            : HealthCheckResult.Degraded("The store is not ready; this node keeps accepting into Redis, and collectors retry until it is back.");
    }
}
