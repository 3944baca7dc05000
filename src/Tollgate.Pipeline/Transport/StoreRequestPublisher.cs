using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Transport;

/// <summary>The embedded transport for requests: a publish is the store's write.</summary>
internal sealed class StoreRequestPublisher(IRequestStore store) : IRequestPublisher
{
    public bool IsDeferred => false;

    public Task PublishAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken) =>
        store.WriteAsync(records, cancellationToken);
}
