using Tollgate.Core.Audit;

namespace Tollgate.Testing;

/// <summary>
/// Compares stored audit events by value, including the bytes of <see cref="AuditEvent.Document"/> and
/// <see cref="AuditEvent.Hash"/> (record equality compares those memories by reference) and timestamps as instants.
/// </summary>
public sealed class AuditEventComparer : IEqualityComparer<AuditEvent>
{
    /// <summary>The shared instance.</summary>
    public static AuditEventComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(AuditEvent? x, AuditEvent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        return x.Id == y.Id
            && string.Equals(x.TenantId, y.TenantId, StringComparison.Ordinal)
            && x.Sequence == y.Sequence
            && x.Timestamp.UtcTicks == y.Timestamp.UtcTicks
            && x.ReceivedAt.UtcTicks == y.ReceivedAt.UtcTicks
            && string.Equals(x.UserId, y.UserId, StringComparison.Ordinal)
            && string.Equals(x.EventType, y.EventType, StringComparison.Ordinal)
            && string.Equals(x.SrcService, y.SrcService, StringComparison.Ordinal)
            && string.Equals(x.Target, y.Target, StringComparison.Ordinal)
            && x.Amends == y.Amends
            && x.Document.Span.SequenceEqual(y.Document.Span)
            && x.Hash.Span.SequenceEqual(y.Hash.Span);
    }

    /// <inheritdoc />
    public int GetHashCode(AuditEvent obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return HashCode.Combine(obj.Id, obj.TenantId, obj.Sequence);
    }
}
