using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Pipeline.Transport;
using Tollgate.Server.Problems;

namespace Tollgate.Server.Audit;

/// <summary>
/// Validates events with <see cref="AuditEventReader"/> and publishes them, all or nothing, answering problems for
/// invalid events and reused idempotency keys. Returns only after the events are durable: committed to the store
/// (embedded) or added to the Redis stream a collector drains (scaled out, <see cref="IsDeferred"/>).
/// </summary>
/// <remarks>Thread-safe; registered as a singleton.</remarks>
internal sealed class AuditIngestion(IAuditEventPublisher publisher, TimeProvider timeProvider, ILogger<AuditIngestion> logger)
{
    /// <summary>True when accepted events are chained later by a collector: the APIs answer 202 without a sequence.</summary>
    public bool IsDeferred => publisher.IsDeferred;

    /// <summary>Reads one event from <paramref name="body"/> and appends it.</summary>
    public async Task<ProblemOr<AuditAppendResult>> AppendOneAsync(
        string tenant,
        JsonElement body,
        AuditEventShape shape,
        string? idempotencyKey,
        Guid? amends,
        AuditApiOptions options,
        CancellationToken cancellationToken)
    {
        var errors = new List<AuditFieldError>();
        var context = new AuditEventContext
        {
            TenantId = tenant,
            ReceivedAt = timeProvider.GetUtcNow(),
            Shape = shape,
            IdempotencyKey = idempotencyKey,
            Amends = amends,
        };
        var auditEvent = new AuditEventReader(options.Limits).Read(body, context, errors);
        if (auditEvent is null)
        {
            return Problem.ValidationFailed(ToProblemErrors(errors), "The event");
        }

        var appended = await AppendAsync(tenant, [auditEvent], bulk: false, cancellationToken);
        return appended.IsProblem ? appended.Problem : appended.Value[0];
    }

    /// <summary>
    /// Reads a bulk body (a JSON array of events, or an object with an <c>events</c> array) and appends every event
    /// in one atomic batch. Item <c>i</c> uses the idempotency key <c>&lt;key&gt;#&lt;i&gt;</c>.
    /// </summary>
    public async Task<ProblemOr<IReadOnlyList<AuditAppendResult>>> AppendBulkAsync(
        string tenant,
        JsonElement body,
        string? idempotencyKey,
        AuditApiOptions options,
        CancellationToken cancellationToken)
    {
        var items = body.ValueKind switch
        {
            JsonValueKind.Array => body,
            JsonValueKind.Object when body.TryGetProperty("events", out var member) && member.ValueKind == JsonValueKind.Array => member,
            _ => (JsonElement?)null,
        };
        if (items is not { } array)
        {
            return Problem.ValidationFailed([new(null, "(body)", "must be a JSON array of events, or an object whose \"events\" member is one.")], "The request");
        }

        var count = array.GetArrayLength();
        if (count > options.MaxBulkEvents)
        {
            return Problem.TooManyEvents(count, options.MaxBulkEvents);
        }

        if (count == 0)
        {
            return Problem.ValidationFailed([new(null, "events", "must hold at least one event.")], "The request");
        }

        var reader = new AuditEventReader(options.Limits);
        var receivedAt = timeProvider.GetUtcNow();
        var errors = new List<AuditFieldError>();
        var events = new List<NewAuditEvent>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var context = new AuditEventContext
            {
                TenantId = tenant,
                ReceivedAt = receivedAt,
                Shape = AuditEventShape.V1,
                IdempotencyKey = idempotencyKey is null ? null : string.Concat(idempotencyKey, "#", index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Index = index,
            };
            if (reader.Read(item, context, errors) is { } auditEvent)
            {
                events.Add(auditEvent);
            }

            index++;
        }

        if (errors.Count > 0)
        {
            return Problem.ValidationFailed(ToProblemErrors(errors), "The batch (nothing was stored)");
        }

        return await AppendAsync(tenant, events, bulk: true, cancellationToken);
    }

    private async Task<ProblemOr<IReadOnlyList<AuditAppendResult>>> AppendAsync(string tenant, List<NewAuditEvent> events, bool bulk, CancellationToken cancellationToken)
    {
        IReadOnlyList<AuditAppendResult> results;
        try
        {
            results = await publisher.PublishAsync(tenant, events, cancellationToken);
        }
        catch (IdempotencyConflictException ex)
        {
            AuditApiLog.IdempotencyConflict(logger, ex.Index, tenant);
            return Problem.IdempotencyConflict(bulk ? ex.Index : null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The write was rolled back (or never queued); answering 503 keeps the 2xx-means-durable promise.
            AuditApiLog.StoreWriteFailed(logger, ex, events.Count, tenant);
            return Problem.StoreUnavailable();
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            var replayed = results.Count(r => r.Replayed);
            AuditApiLog.EventsAppended(logger, results.Count, tenant, replayed);
        }

        return ProblemOr<IReadOnlyList<AuditAppendResult>>.From(results);
    }

    private static List<ProblemFieldError> ToProblemErrors(List<AuditFieldError> errors) =>
        errors.ConvertAll(e => new ProblemFieldError(e.Index, e.Field, e.Message));
}
