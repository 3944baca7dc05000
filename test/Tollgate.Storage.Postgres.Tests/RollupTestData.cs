using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// Rollup test helpers: seeded traffic of many keys, the exact cells a fold of it in memory gives, every stored cell of
/// a tenant, and a comparison of both cell by cell (sketch bins included), so a test can state "exact" in one line.
/// </summary>
internal static class RollupTestData
{
    /// <summary>The start of the hour traffic is made around: 2025-03-01T10:00:00Z.</summary>
    public static readonly DateTimeOffset Hour = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Services = ["orders-api", "billing", "search"];
    private static readonly (string Method, string? Template, string Path)[] Endpoints =
    [
        ("GET", "/orders/{id}", "/orders/1"),
        ("POST", "/orders", "/orders"),
        ("GET", null, "/invoices/12345"),
        ("DELETE", "/carts/{cart}", "/carts/9"),
    ];

    private static readonly int[] Statuses = [200, 200, 200, 201, 204, 404, 429, 500, 503];
    private static readonly string?[] Principals = [null, "key:ci", "user:ada", "key:batch"];

    /// <summary>A request store with rollups on (or off), on <paramref name="dataSource"/>.</summary>
    public static PostgresRequestStore Store(NpgsqlDataSource dataSource, bool rollups = true) =>
        new(dataSource, Options.Create(new RollupOptions { Rollups = rollups }));

    /// <summary>A compactor on <paramref name="dataSource"/>, taking <paramref name="chunkSize"/> deltas per transaction.</summary>
    public static PostgresRollupCompactor Compactor(NpgsqlDataSource dataSource, int chunkSize = 10_000) =>
        new(dataSource, Options.Create(new PostgresStoreOptions()), TimeProvider.System, NullLogger<PostgresRollupCompactor>.Instance)
        {
            ChunkSize = chunkSize,
        };

    /// <summary>
    /// <paramref name="count"/> requests of <paramref name="tenantId"/> at random microseconds of [start, start + spread),
    /// over three services, four endpoints, four consumers, nine statuses and latencies from 0 µs to seconds.
    /// </summary>
    public static RequestRecord[] Traffic(string tenantId, int count, int seed, DateTimeOffset start, TimeSpan spread)
    {
        var random = new Random(seed);
        var records = new RequestRecord[count];
        for (var i = 0; i < count; i++)
        {
            var timestamp = start.AddTicks(random.NextInt64(spread.Ticks / 10) * 10);
            var (method, template, path) = Endpoints[random.Next(Endpoints.Length)];
            records[i] = new RequestRecord
            {
                Id = Guid.CreateVersion7(timestamp),
                TenantId = tenantId,
                Timestamp = timestamp,
                Service = Services[random.Next(Services.Length)],
                Method = method,
                RouteTemplate = template,
                Path = path,
                Status = Statuses[random.Next(Statuses.Length)],
                DurationMicroseconds = random.Next(10) == 0 ? 0 : (long)Math.Exp(random.NextDouble() * 15),
                RequestBytes = random.Next(5_000),
                ResponseBytes = random.Next(50_000),
                Principal = Principals[random.Next(Principals.Length)],
            };
        }

        return records;
    }

    /// <summary>The cells an in-memory fold of <paramref name="records"/> gives: what the store must hold, key by key.</summary>
    public static Dictionary<RollupKey, RollupCell> Expected(IEnumerable<RequestRecord> records)
    {
        var rollups = new RequestRollups();
        foreach (var record in records)
        {
            rollups.Add(record);
        }

        return rollups.Cells.ToDictionary();
    }

    /// <summary>Every stored cell of <paramref name="tenantId"/> (every kind, all widths, sketches included) for the days around <see cref="Hour"/>.</summary>
    public static Task<Dictionary<RollupKey, RollupCell>> ReadAllAsync(IRequestRollupStore store, string tenantId) =>
        ReadAllAsync(store, tenantId, Hour.Date.AddDays(-2), Hour.Date.AddDays(3));

    /// <summary>Every stored cell of <paramref name="tenantId"/> (every kind, all widths, sketches included) with a bucket in [from, to).</summary>
    public static async Task<Dictionary<RollupKey, RollupCell>> ReadAllAsync(IRequestRollupStore store, string tenantId, DateTimeOffset from, DateTimeOffset to)
    {
        var cells = new Dictionary<RollupKey, RollupCell>();
        foreach (var kind in Enum.GetValues<RollupKind>())
        {
            foreach (var width in Enum.GetValues<RollupWidth>())
            {
                var rows = await store.ReadAsync(tenantId, new RollupQuery(kind, width, from, to, IncludeSketches: true), TestContext.Current.CancellationToken);
                foreach (var row in rows)
                {
                    // Add throws on a repeated key: reads must merge the folded row and the deltas of a key into one row.
                    cells.Add(row.Key, row.Cell);
                }
            }
        }

        return cells;
    }

    /// <summary>Asserts the same keys and, per key, the same measures and the same sketch bins.</summary>
    public static void AssertSame(IReadOnlyDictionary<RollupKey, RollupCell> expected, IReadOnlyDictionary<RollupKey, RollupCell> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, cell) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var stored), $"No stored cell for {key}.");
            Assert.Equal(Measures(cell), Measures(stored));
            Assert.Equal(cell.Sketch?.ToArray(), stored.Sketch?.ToArray());
        }
    }

    private static (long, long, long, long, long, long, long, long) Measures(RollupCell cell) =>
        (cell.Count, cell.Errors, cell.ServerErrors, cell.DurationSumMicroseconds, cell.DurationMinMicroseconds, cell.DurationMaxMicroseconds,
            cell.RequestBytes, cell.ResponseBytes);
}
