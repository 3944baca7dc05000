using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Core.Json;

namespace Tollgate.Core.Tests.Audit;

/// <summary>One call of <see cref="AuditEventReader.Read"/> and what it produced.</summary>
internal sealed record ReaderRun(NewAuditEvent? Event, List<AuditFieldError> Errors)
{
    /// <summary>2025-03-01T12:00:00.1234567Z: sub-microsecond ticks, so truncation shows.</summary>
    public static readonly DateTimeOffset Received = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public const string Tenant = "default";

    /// <summary>The smallest valid V1 body.</summary>
    public const string Minimal = """{"user_id":"u1","event_type":"user.login","src_service":"auth"}""";

    public static ReaderRun Of(
        string json,
        AuditEventShape shape = AuditEventShape.V1,
        string? idempotencyKey = null,
        Guid? amends = null,
        int? index = null,
        AuditEventLimits? limits = null,
        DateTimeOffset? receivedAt = null)
    {
        var context = new AuditEventContext
        {
            TenantId = Tenant,
            ReceivedAt = receivedAt ?? Received,
            Shape = shape,
            IdempotencyKey = idempotencyKey,
            Amends = amends,
            Index = index,
        };
        using var document = JsonDocument.Parse(json);
        var errors = new List<AuditFieldError>();
        var result = new AuditEventReader(limits ?? new AuditEventLimits()).Read(document.RootElement, context, errors);
        return new ReaderRun(result, errors);
    }

    /// <summary>The event, asserting there were no errors.</summary>
    public NewAuditEvent Valid()
    {
        Assert.Empty(Errors);
        Assert.NotNull(Event);
        return Event;
    }

    /// <summary>Asserts the event was refused and returns the error for <paramref name="field"/>.</summary>
    public AuditFieldError ErrorFor(string field)
    {
        Assert.Null(Event);
        return Assert.Single(Errors, e => e.Field == field);
    }

    /// <summary>The fields named by the errors, sorted.</summary>
    public string[] ErrorFields => [.. Errors.Select(e => e.Field).Order(StringComparer.Ordinal)];

    /// <summary>The event's document as text.</summary>
    public string DocumentText => Encoding.UTF8.GetString(Valid().Document.Span);

    /// <summary>A top-level member of the event's document.</summary>
    public JsonElement Member(string name)
    {
        using var document = JsonDocument.Parse(Valid().Document);
        return document.RootElement.GetProperty(name).Clone();
    }

    /// <summary>Canonical form of arbitrary JSON, for building expectations.</summary>
    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        CanonicalJson.WriteValue(buffer, document.RootElement);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
