using Tollgate.Core;
using Tollgate.Core.Audit;

namespace Tollgate.ScaleOutLoad;

/// <summary>
/// The default tenant's chain head while RAW prepares rows: sequence numbers from 1 without gaps, each hash chained to
/// the previous one with <see cref="AuditChain"/>, as the store does. One chain runs through warm-up and measurement.
/// </summary>
internal sealed class AuditChainState
{
    private byte[] previous = AuditChain.GenesisHash.ToArray();

    /// <summary>The sequence number of the last row made.</summary>
    public long Sequence { get; private set; }

    /// <summary>The row <paramref name="e"/> becomes at the head of the chain.</summary>
    public (NewAuditEvent Event, long Sequence, byte[] Hash) Next(NewAuditEvent e)
    {
        if (e.TenantId != Tenants.Default)
        {
            throw new InvalidOperationException($"The generated events belong to '{Tenants.Default}', not '{e.TenantId}'.");
        }

        previous = AuditChain.ComputeHash(previous, e.Document.Span);
        return (e, ++Sequence, previous);
    }
}
