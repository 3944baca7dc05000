using System.Text.Json;
using Tollgate.Core.Audit;

namespace Tollgate.Testing;

/// <summary>
/// Makes <see cref="NewAuditEvent"/> instances the way the server does, through <see cref="AuditEventReader"/>, so
/// tests exercise real canonical documents and digests. Hands out strictly increasing receive times from a fixed
/// start (one millisecond apart by default), so tests are repeatable and retention cut-offs are easy to place.
/// </summary>
/// <remarks>Thread-safe: builders may be created and built from many tasks at once.</remarks>
public sealed class AuditEventFactory
{
    /// <summary>The first receive time handed out unless another is given: 2025-03-01T10:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly long startTicks;
    private readonly long stepTicks;
    private long issued;

    /// <summary>Creates a factory.</summary>
    /// <param name="start">The first receive time; <see cref="DefaultStart"/> when null.</param>
    /// <param name="step">The gap between receive times; one millisecond when null. Must be positive.</param>
    /// <param name="limits">The reader's limits; defaults when null.</param>
    public AuditEventFactory(DateTimeOffset? start = null, TimeSpan? step = null, AuditEventLimits? limits = null)
    {
        var gap = step ?? TimeSpan.FromMilliseconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gap, TimeSpan.Zero, nameof(step));
        startTicks = (start ?? DefaultStart).UtcTicks;
        stepTicks = gap.Ticks;
        Limits = limits ?? new AuditEventLimits();
        Reader = new AuditEventReader(Limits);
    }

    /// <summary>The limits events are read with.</summary>
    public AuditEventLimits Limits { get; }

    /// <summary>The reader every builder uses.</summary>
    public AuditEventReader Reader { get; }

    /// <summary>The receive time the next call to <see cref="NextReceivedAt"/> returns.</summary>
    public DateTimeOffset PeekReceivedAt() => new(startTicks + (Interlocked.Read(ref issued) * stepTicks), TimeSpan.Zero);

    /// <summary>The next receive time: strictly later than every one handed out before.</summary>
    public DateTimeOffset NextReceivedAt() => new(startTicks + ((Interlocked.Increment(ref issued) - 1) * stepTicks), TimeSpan.Zero);

    /// <summary>Starts an event for <paramref name="tenantId"/> with default user, type and service.</summary>
    public AuditEventBuilder Event(string tenantId = "tenant-a") => new(this, tenantId);

    /// <summary>Builds <paramref name="count"/> events for a tenant; <paramref name="configure"/> gets each builder and its index.</summary>
    public IReadOnlyList<NewAuditEvent> Many(string tenantId, int count, Action<AuditEventBuilder, int>? configure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var events = new NewAuditEvent[count];
        for (var i = 0; i < count; i++)
        {
            var builder = Event(tenantId);
            configure?.Invoke(builder, i);
            events[i] = builder.Build();
        }

        return events;
    }

    /// <summary>Reads a JSON body as the server would; throws when the reader refuses it.</summary>
    /// <exception cref="InvalidOperationException">The body is not a valid event; the message lists every error.</exception>
    public NewAuditEvent Read(string json, in AuditEventContext context)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<AuditFieldError>();
        var result = Reader.Read(document.RootElement, context, errors);
        if (result is null)
        {
            throw new InvalidOperationException(
                "The test event is invalid: " + string.Join("; ", errors.Select(e => $"[{e.Index}] {e.Field} {e.Message}")) + Environment.NewLine + json);
        }

        return result;
    }
}
