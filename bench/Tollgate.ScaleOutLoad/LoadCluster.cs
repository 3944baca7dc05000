namespace Tollgate.ScaleOutLoad;

/// <summary>
/// The servers one run shares (its own PostgreSQL and Redis) and how to start Tollgate nodes against them. Each
/// measurement starts its nodes on a fresh database and an emptied Redis, and disposes them when it is done.
/// </summary>
internal sealed class LoadCluster(PostgresServer postgres, RedisServer redis, string serverDll, string nodesDirectory)
{
    // Limits stay on, so their cost is measured, with quotas no load here reaches; buckets in Redis, as scaled-out
    // nodes keep them.
    private static readonly string[] RateLimitPolicies = ["ingest", "query", "admin", "auth"];

    public PostgresServer Postgres { get; } = postgres;

    public RedisServer Redis { get; } = redis;

    public ClusterCredentials Credentials { get; } = new();

    /// <summary>Starts a node with <paramref name="roles"/> (e.g. <c>ingest</c>) on the database <paramref name="connectionString"/>.</summary>
    public Task<NodeProcess> StartNodeAsync(string name, string roles, string connectionString, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Tollgate:Roles"] = roles,
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Tollgate"] = connectionString,
            ["Pipeline:Transport"] = "Redis",
            ["Redis:Configuration"] = Redis.Configuration,
            ["RateLimiting:Store"] = "Redis",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var policy in RateLimitPolicies)
        {
            settings[$"RateLimiting:Policies:{policy}:PermitsPerSecond"] = "1000000";
            settings[$"RateLimiting:Policies:{policy}:Burst"] = "1000000";
        }

        foreach (var (key, value) in Credentials.Settings())
        {
            settings[key] = value;
        }

        var workingDirectory = Directory.CreateDirectory(Path.Combine(nodesDirectory, name)).FullName;
        return NodeProcess.StartAsync(name, serverDll, workingDirectory, settings, cancellationToken);
    }
}
