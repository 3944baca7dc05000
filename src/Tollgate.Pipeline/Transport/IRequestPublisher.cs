using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Transport;

/// <summary>
/// Where accepted request records go next: straight into the store when embedded, onto a Redis stream when scaled
/// out. Both the gateway's capture writer and the request ingest API publish through it, so neither knows the topology.
/// </summary>
public interface IRequestPublisher
{
    /// <summary>True when records are stored later by a collector, so the ingest API answers 202 Accepted instead of 201 Created.</summary>
    bool IsDeferred { get; }

    /// <summary>
    /// Hands a batch (records of any tenants) on, all or nothing. Completes once the next stage holds it durably: the
    /// store's commit when embedded, the stream's <c>XADD</c> when scaled out. Throws when it could not.
    /// </summary>
    Task PublishAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken);
}
