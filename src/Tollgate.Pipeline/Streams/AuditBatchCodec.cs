using Tollgate.Core.Audit;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The payload of an audit stream entry: one tenant's batch of <see cref="NewAuditEvent"/>s. The tenant is written
/// once; decoded events carry it. Canonical documents and digests are copied byte for byte, so the collector hashes
/// exactly what the ingest node read. Version <see cref="Version"/>; collectors dead-letter versions they do not know.
/// </summary>
internal static class AuditBatchCodec
{
    /// <summary>The layout written in the entry's <c>v</c> field.</summary>
    public const int Version = 1;

    private const byte AmendsFlag = 1;

    public static byte[] Encode(string tenantId, IReadOnlyList<NewAuditEvent> events)
    {
        var writer = EntryWriter.Rent();
        writer.WriteString(tenantId);
        writer.WriteUnsigned((ulong)events.Count);
        foreach (var e in events)
        {
            Write(writer, e);
        }

        return writer.ToArray();
    }

    /// <exception cref="FormatException">The payload is damaged or not an audit batch.</exception>
    public static AuditBatch Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new EntryReader(payload);
        var tenantId = reader.ReadRequiredString("tenant");
        var events = new NewAuditEvent[reader.ReadCount("event")];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = Read(ref reader, tenantId);
        }

        reader.EnsureEnd();
        return new AuditBatch(tenantId, events);
    }

    private static void Write(EntryWriter writer, NewAuditEvent e)
    {
        writer.WriteByte(e.Amends is not null ? AmendsFlag : (byte)0);
        writer.WriteGuid(e.Id);
        writer.WriteTimestamp(e.Timestamp);
        writer.WriteTimestamp(e.ReceivedAt);
        writer.WriteString(e.UserId);
        writer.WriteString(e.EventType);
        writer.WriteString(e.SrcService);
        writer.WriteString(e.Target);
        writer.WriteString(e.Message);
        writer.WriteString(e.RequestId);
        writer.WriteString(e.TraceId);
        if (e.Amends is { } amends)
        {
            writer.WriteGuid(amends);
        }

        writer.WriteString(e.IdempotencyKey);
        writer.WriteBytes(e.RequestDigest.Span);
        writer.WriteBytes(e.Document.Span);
    }

    private static NewAuditEvent Read(ref EntryReader reader, string tenantId)
    {
        var flags = reader.ReadByte();
        if ((flags & ~AmendsFlag) != 0)
        {
            throw new FormatException($"The payload has unknown event flags {flags}.");
        }

        return new NewAuditEvent
        {
            TenantId = tenantId,
            Id = reader.ReadGuid(),
            Timestamp = reader.ReadTimestamp(),
            ReceivedAt = reader.ReadTimestamp(),
            UserId = reader.ReadRequiredString("user id"),
            EventType = reader.ReadRequiredString("event type"),
            SrcService = reader.ReadRequiredString("source service"),
            Target = reader.ReadString(),
            Message = reader.ReadString(),
            RequestId = reader.ReadString(),
            TraceId = reader.ReadString(),
            Amends = (flags & AmendsFlag) != 0 ? reader.ReadGuid() : null,
            IdempotencyKey = reader.ReadString(),
            RequestDigest = reader.ReadBytes(),
            Document = reader.ReadBytes(),
        };
    }
}
