using System.Text.Json.Nodes;
using Tollgate.Core.Audit;

namespace Tollgate.Testing;

/// <summary>
/// Builds one audit event body and reads it through <see cref="AuditEventReader"/>. Starts with
/// <c>user_id = "user-1"</c>, <c>event_type = "user.login"</c>, <c>src_service = "auth-service"</c> and no timestamp
/// (so the event's timestamp is its receive time). <see cref="Build"/> may be called more than once: each call is a
/// new request with the same body, which is what an idempotent retry looks like.
/// </summary>
/// <remarks>Not thread-safe; use one builder per task.</remarks>
public sealed class AuditEventBuilder
{
    private readonly AuditEventFactory factory;
    private DateTimeOffset? receivedAt;
    private string? idempotencyKey;
    private Guid? amends;
    private AuditEventShape shape = AuditEventShape.V1;
    private int? index;

    /// <summary>Starts a body for <paramref name="tenantId"/>; prefer <see cref="AuditEventFactory.Event"/>.</summary>
    public AuditEventBuilder(AuditEventFactory factory, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(tenantId);
        this.factory = factory;
        TenantId = tenantId;
        Body = new JsonObject
        {
            [AuditFields.UserId] = "user-1",
            [AuditFields.EventType] = "user.login",
            [AuditFields.SrcService] = "auth-service",
        };
    }

    /// <summary>The caller's tenant.</summary>
    public string TenantId { get; }

    /// <summary>The JSON body as the client would send it; edit it freely.</summary>
    public JsonObject Body { get; }

    /// <summary>Sets <c>user_id</c>.</summary>
    public AuditEventBuilder WithUser(string userId) => WithField(AuditFields.UserId, userId);

    /// <summary>Sets <c>event_type</c>.</summary>
    public AuditEventBuilder WithType(string eventType) => WithField(AuditFields.EventType, eventType);

    /// <summary>Sets <c>src_service</c>.</summary>
    public AuditEventBuilder WithService(string srcService) => WithField(AuditFields.SrcService, srcService);

    /// <summary>Sets <c>target</c>.</summary>
    public AuditEventBuilder WithTarget(string target) => WithField(AuditFields.Target, target);

    /// <summary>Sets <c>message</c>.</summary>
    public AuditEventBuilder WithMessage(string message) => WithField(AuditFields.Message, message);

    /// <summary>Sets <c>request_id</c>.</summary>
    public AuditEventBuilder WithRequestId(string requestId) => WithField(AuditFields.RequestId, requestId);

    /// <summary>Sets <c>trace_id</c>.</summary>
    public AuditEventBuilder WithTraceId(string traceId) => WithField(AuditFields.TraceId, traceId);

    /// <summary>Sets the client-supplied event <c>id</c>.</summary>
    public AuditEventBuilder WithId(Guid id) => WithField(AuditFields.Id, id.ToString("D"));

    /// <summary>Sets <c>timestamp</c> in Tollgate's own format (UTC, microseconds).</summary>
    public AuditEventBuilder At(DateTimeOffset timestamp) => WithField(AuditFields.Timestamp, AuditEventReader.Format(timestamp));

    /// <summary>Sets <c>timestamp</c> to exactly this text.</summary>
    public AuditEventBuilder At(string timestamp) => WithField(AuditFields.Timestamp, timestamp);

    /// <summary>Sets <c>invariant_data</c>.</summary>
    public AuditEventBuilder WithInvariantData(JsonObject data) => WithField(AuditFields.InvariantData, data);

    /// <summary>Sets <c>app_data</c>.</summary>
    public AuditEventBuilder WithAppData(JsonObject data) => WithField(AuditFields.AppData, data);

    /// <summary>Sets (or, with a null value, writes a JSON null for) any top-level member.</summary>
    public AuditEventBuilder WithField(string name, JsonNode? value)
    {
        Body[name] = value;
        return this;
    }

    /// <summary>Removes a top-level member.</summary>
    public AuditEventBuilder Without(string name)
    {
        Body.Remove(name);
        return this;
    }

    /// <summary>Fixes the receive time instead of taking the factory's next one.</summary>
    public AuditEventBuilder ReceivedAt(DateTimeOffset value)
    {
        receivedAt = value;
        return this;
    }

    /// <summary>Sends the event with an <c>Idempotency-Key</c>.</summary>
    public AuditEventBuilder WithIdempotencyKey(string key)
    {
        idempotencyKey = key;
        return this;
    }

    /// <summary>Makes the event an amendment of <paramref name="original"/>.</summary>
    public AuditEventBuilder Amending(Guid original)
    {
        amends = original;
        return this;
    }

    /// <summary>Reads with the given shape (default <see cref="AuditEventShape.V1"/>).</summary>
    public AuditEventBuilder WithShape(AuditEventShape value)
    {
        shape = value;
        return this;
    }

    /// <summary>Reads as item <paramref name="value"/> of a bulk call.</summary>
    public AuditEventBuilder AtIndex(int value)
    {
        index = value;
        return this;
    }

    /// <summary>The body as JSON text.</summary>
    public string ToJson() => Body.ToJsonString();

    /// <summary>The context the event is read with (taking the next receive time unless one was fixed).</summary>
    public AuditEventContext CreateContext() => new()
    {
        TenantId = TenantId,
        ReceivedAt = receivedAt ?? factory.NextReceivedAt(),
        Shape = shape,
        IdempotencyKey = idempotencyKey,
        Amends = amends,
        Index = index,
    };

    /// <summary>Reads the body as the server would.</summary>
    /// <exception cref="InvalidOperationException">The reader refused the body; the message lists why.</exception>
    public NewAuditEvent Build() => factory.Read(ToJson(), CreateContext());
}
