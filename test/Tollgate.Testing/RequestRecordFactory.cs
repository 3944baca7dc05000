using Tollgate.Core.Requests;

namespace Tollgate.Testing;

/// <summary>
/// Makes <see cref="RequestRecord"/> instances for tests: new UUIDv7 ids, and timestamps (UTC, whole microseconds,
/// with a non-zero microsecond part) strictly increasing from a fixed start, one millisecond apart, so tests are
/// repeatable and ordering is known. Records are immutable: adjust one with <c>with { … }</c>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class RequestRecordFactory
{
    /// <summary>The first timestamp handed out: 2025-03-01T10:00:00.000123Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1230);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private long issued;

    /// <summary>The next timestamp: strictly later than every one handed out before.</summary>
    public DateTimeOffset NextTimestamp() => Take().Timestamp;

    /// <summary>
    /// A record with the required fields and the ones a proxied request usually has (route, template, ids, client),
    /// no error and no detail: <c>GET /orders/{n}</c> to <c>orders-api</c>, answered 200.
    /// </summary>
    public RequestRecord Next(string tenantId = "tenant-a")
    {
        var (n, timestamp) = Take();
        return new RequestRecord
        {
            Id = Guid.CreateVersion7(timestamp),
            TenantId = tenantId,
            Timestamp = timestamp,
            Service = "orders-api",
            Route = "orders",
            Method = "GET",
            RouteTemplate = "/orders/{id}",
            Path = $"/orders/{n}",
            Status = 200,
            DurationMicroseconds = 1_500 + n,
            UpstreamDurationMicroseconds = 1_200 + n,
            RequestBytes = 0,
            ResponseBytes = 512,
            ClientIp = "203.0.113.7",
            UserAgent = "curl/8.5.0",
            Principal = "key:ci",
            RequestId = Guid.CreateVersion7(timestamp).ToString("N"),
            TraceId = Guid.NewGuid().ToString("N"),
            SpanId = Guid.NewGuid().ToString("N")[..16],
        };
    }

    /// <summary>A record with only the required fields set: every optional one null, sizes zero, no detail.</summary>
    public RequestRecord Minimal(string tenantId = "tenant-a")
    {
        var timestamp = NextTimestamp();
        return new RequestRecord
        {
            Id = Guid.CreateVersion7(timestamp),
            TenantId = tenantId,
            Timestamp = timestamp,
            Service = "reported-service",
            Method = "POST",
            Path = "/",
            Status = 204,
            DurationMicroseconds = 0,
        };
    }

    /// <summary>
    /// A record with every field set, multi-byte text in the path, query, user agent, error, headers and bodies,
    /// repeated header names, a truncated request body and a complete response body.
    /// </summary>
    public RequestRecord Full(string tenantId = "tenant-a") => Next(tenantId) with
    {
        Method = "POST",
        Route = "orders-create",
        RouteTemplate = "/orders/{id}/lines",
        Path = "/orders/ä€😀/lines",
        Query = "q=caf%C3%A9&name=Zoë&token=" + RequestRedaction.Mask,
        Status = 502,
        RequestBytes = 70_000,
        ResponseBytes = 123,
        ClientIp = "2001:db8::1",
        UserAgent = "Mozilla/5.0 (Ünïcode; 日本語) 🚀",
        Principal = "user:7c1d0b9e-1111-4a4a-9b9b-0123456789ab",
        Error = "upstream-timeout: no answer from orders-api within 30 s — „retry later“",
        Detail = new RequestDetail(
            [
                new("Content-Type", "application/json; charset=utf-8"),
                new("Accept", "application/json"),
                new("X-Note", "naïve café ☕"),
                new("Accept", "text/plain"),
                new("Authorization", RequestRedaction.Mask),
            ],
            [
                new("Content-Type", "text/plain; charset=utf-8"),
                new("Set-Cookie", RequestRedaction.Mask),
                new("Set-Cookie", RequestRedaction.Mask),
            ],
            new CapturedBody("application/json; charset=utf-8", "{\"name\":\"Zoë\",\"note\":\"日本語の", Truncated: true),
            new CapturedBody("text/plain; charset=utf-8", "Bad gateway 😢\n\"quoted\" \\ backslash", Truncated: false)),
    };

    /// <summary>Makes <paramref name="count"/> records of a tenant with <see cref="Next"/>; <paramref name="configure"/> adjusts each by its index.</summary>
    public IReadOnlyList<RequestRecord> Many(string tenantId, int count, Func<RequestRecord, int, RequestRecord>? configure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var records = new RequestRecord[count];
        for (var i = 0; i < count; i++)
        {
            var record = Next(tenantId);
            records[i] = configure is null ? record : configure(record, i);
        }

        return records;
    }

    private (long Number, DateTimeOffset Timestamp) Take()
    {
        var n = Interlocked.Increment(ref issued);
        return (n, DefaultStart + (Step * (n - 1)));
    }
}
