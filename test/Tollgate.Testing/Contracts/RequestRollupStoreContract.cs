using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// The behaviour every store's rollups must have, written once and run against each provider: derive a test class and
/// implement <see cref="CreateStoreAsync"/>, returning a request store that is also its <see cref="IRequestRollupStore"/>,
/// with rollups on (the default <see cref="RollupOptions"/>).
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so each test gets a fresh, empty store, disposed afterwards. Rollups are only
/// ever fed through <see cref="IRequestStore.WriteAsync"/>, as in production, and read back through the port; times
/// are fixed (<see cref="Hour"/>), never the store's clock, so stores need no fake <see cref="TimeProvider"/>.
/// </remarks>
public abstract partial class RequestRollupStoreContract : IAsyncLifetime
{
    /// <summary>The tenant most tests use.</summary>
    protected const string TenantA = "tenant-a";

    /// <summary>A second tenant, for isolation tests.</summary>
    protected const string TenantB = "tenant-b";

    /// <summary>The start of the hour most tests write into: 2025-03-01T10:00:00Z.</summary>
    protected static readonly DateTimeOffset Hour = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The start of <see cref="Hour"/>'s UTC day.</summary>
    protected static readonly DateTimeOffset Day = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private IRequestStore? store;
    private long sequence;

    /// <summary>The request store under test.</summary>
    protected IRequestStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The same store as its rollups.</summary>
    protected IRequestRollupStore Rollups => (IRequestRollupStore)Store;

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty, initialised store that also implements <see cref="IRequestRollupStore"/>; called once per test.</summary>
    protected abstract Task<IRequestStore> CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync()
    {
        store = await CreateStoreAsync();
        Assert.IsAssignableFrom<IRequestRollupStore>(store);
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        store = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>A request of <paramref name="tenantId"/> at <paramref name="timestamp"/> (a new id each call); adjust the rest with <c>with</c>.</summary>
    protected RequestRecord Request(DateTimeOffset timestamp, string tenantId = TenantA, int status = 200, long durationMicroseconds = 1_000)
    {
        var n = Interlocked.Increment(ref sequence);
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
            Status = status,
            DurationMicroseconds = durationMicroseconds,
            RequestBytes = 10,
            ResponseBytes = 100,
            Principal = "key:ci",
        };
    }

    /// <summary>Writes one batch.</summary>
    protected Task WriteAsync(params RequestRecord[] records) => Store.WriteAsync(records, Ct);

    /// <summary>The tenant's rows of one kind and width in [from, to).</summary>
    protected Task<IReadOnlyList<RollupRow>> ReadAsync(
        RollupKind kind,
        RollupWidth width,
        DateTimeOffset from,
        DateTimeOffset to,
        string tenantId = TenantA,
        string? service = null,
        bool sketches = true) =>
        Rollups.ReadAsync(tenantId, new RollupQuery(kind, width, from, to, service, sketches), Ct);

    /// <summary>Every row of the tenant from the day before <see cref="Day"/> to the day after, one kind and width.</summary>
    protected Task<IReadOnlyList<RollupRow>> ReadDayAsync(RollupKind kind, RollupWidth width, string tenantId = TenantA, bool sketches = true) =>
        ReadAsync(kind, width, Day.AddDays(-1), Day.AddDays(2), tenantId, sketches: sketches);

    /// <summary>The cell a plain in-memory fold of <paramref name="records"/> gives: what every stored total must equal.</summary>
    protected static RollupCell Expected(IEnumerable<RequestRecord> records)
    {
        var cell = new RollupCell();
        foreach (var r in records)
        {
            cell.Add(r.Status, r.DurationMicroseconds, r.RequestBytes, r.ResponseBytes);
        }

        return cell;
    }

    /// <summary>The sum of <paramref name="rows"/>' cells.</summary>
    protected static RollupCell Total(IEnumerable<RollupRow> rows)
    {
        var total = new RollupCell();
        foreach (var row in rows)
        {
            total.Add(row.Cell);
        }

        return total;
    }

    /// <summary>Asserts every exact measure and, when both have one, the sketch's quantiles.</summary>
    protected static void AssertSameCell(RollupCell expected, RollupCell actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.ServerErrors, actual.ServerErrors);
        Assert.Equal(expected.DurationSumMicroseconds, actual.DurationSumMicroseconds);
        Assert.Equal(expected.DurationMinMicroseconds, actual.DurationMinMicroseconds);
        Assert.Equal(expected.DurationMaxMicroseconds, actual.DurationMaxMicroseconds);
        Assert.Equal(expected.RequestBytes, actual.RequestBytes);
        Assert.Equal(expected.ResponseBytes, actual.ResponseBytes);
        if (expected.Sketch is { } sketch && actual.Sketch is { } stored)
        {
            Assert.Equal(sketch.Count, stored.Count);
            Assert.Equal(sketch.ZeroCount, stored.ZeroCount);
            foreach (var q in new[] { 0.0, 0.5, 0.9, 0.95, 0.99, 1.0 })
            {
                Assert.Equal(sketch.Quantile(q), stored.Quantile(q));
            }
        }
    }
}
