using System.ComponentModel.DataAnnotations;

namespace Tollgate.Storage.Postgres;

/// <summary>
/// Options of the scale-out store, bound from <c>Storage:Postgres</c>. The connection string is resolved at start-up
/// from, in order, <c>ConnectionStrings:Tollgate</c>, the <c>DATABASE_URL</c> environment variable (URL form
/// <c>postgres://user:password@host:port/database?sslmode=require</c>) and <c>Storage:Postgres:ConnectionString</c>.
/// </summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Storage:Postgres";

    /// <summary>
    /// The Npgsql connection string. Set it here, or through <c>ConnectionStrings:Tollgate</c> or <c>DATABASE_URL</c>,
    /// which take precedence. Pool size, timeouts and TLS are set here too (e.g. <c>Maximum Pool Size=50</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Days of requests (and their details) kept; whole daily partitions older than this are dropped. 0 keeps
    /// everything. Default 30.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "Storage:Postgres:RequestRetentionDays must be {1} (keep everything) to {2}.")]
    public int RequestRetentionDays { get; set; } = 30;

    /// <summary>
    /// Daily request partitions created ahead of today, so inserts never land in the default partition. Default 7.
    /// </summary>
    [Range(1, 366, ErrorMessage = "Storage:Postgres:RequestPartitionDaysAhead must be {1} to {2}.")]
    public int RequestPartitionDaysAhead { get; set; } = 7;

    /// <summary>Weekly audit partitions (Monday 00:00 UTC to Monday) created ahead of this week. Default 4.</summary>
    [Range(1, 104, ErrorMessage = "Storage:Postgres:AuditPartitionWeeksAhead must be {1} to {2}.")]
    public int AuditPartitionWeeksAhead { get; set; } = 4;

    /// <summary>
    /// How often partition maintenance (creating partitions ahead, dropping expired request partitions) runs after
    /// the run at start-up. Default one hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Storage:Postgres:MaintenanceInterval must be {1} to {2}.")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Audit events, or expired rollup rows, deleted per retention transaction, so retention never holds a tenant's
    /// chain or a run of rollup rows for long. Default 10,000.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Storage:Postgres:RetentionChunkSize must be {1} to {2}.")]
    public int RetentionChunkSize { get; set; } = 10_000;

    /// <summary>
    /// How often a node folds the rollup deltas that writes append into the rollup rows (one node at a time; the others
    /// skip the round). Reads merge the deltas not yet folded, so this does not change any answer: it bounds how many
    /// deltas a read merges (about one interval of batches) and how large their table grows. An idle round costs a
    /// lock probe and one empty delete. Default 1 second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Storage:Postgres:RollupCompactionInterval must be {1} to {2}.")]
    public TimeSpan RollupCompactionInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a readiness probe waits for <c>SELECT 1</c> before it reports not ready. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Storage:Postgres:ReadinessTimeout must be {1} to {2}.")]
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where <see cref="ConnectionString"/> came from, for error messages (never the value, which may hold a password).</summary>
    internal string? ConnectionStringSource { get; set; }

    /// <summary>Why the connection string could not be resolved, when it could not; reported by validation.</summary>
    internal string? ConnectionStringError { get; set; }
}
