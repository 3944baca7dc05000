using System.Security.Cryptography;
using Npgsql;
using Tollgate.Core;
using Tollgate.Testing.Services;
using Tollgate.Testing.Tokens;

namespace Tollgate.Server.Tests.ScaleOut;

/// <summary>
/// A scaled-out deployment on loopback: a PostgreSQL and a Redis server of the test's own (so it may stop them), one
/// master key and one token signing key shared by every node, and the nodes the test starts with the roles it chooses.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private const string KeyId = "scale-out";
    private readonly List<ScaleOutNode> nodes = [];
    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly string masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private ScaleOutCluster(PostgresInstance postgres, RedisInstance redis)
    {
        Postgres = postgres;
        Redis = redis;
        AccessToken = TestTokens.Mint(
            TestTokens.Hs256(signingKey, KeyId),
            TestTokens.UserClaims(Tenants.Default, "platform-admin", "ingest read admin platform"),
            "tollgate",
            "tollgate",
            DateTimeOffset.UtcNow.AddMinutes(-1),
            DateTimeOffset.UtcNow.AddMinutes(30));
    }

    /// <summary>The cluster's database server.</summary>
    public PostgresInstance Postgres { get; }

    /// <summary>The cluster's Redis server.</summary>
    public RedisInstance Redis { get; }

    /// <summary>A platform admin's token for the default tenant, accepted by every node.</summary>
    public string AccessToken { get; }

    /// <summary>The database the nodes share.</summary>
    public string DatabaseConnectionString => Postgres.ConnectionString;

    /// <summary>Starts both servers.</summary>
    public static async Task<ScaleOutCluster> StartAsync(CancellationToken cancellationToken)
    {
        var postgres = await PostgresInstance.StartNewAsync(cancellationToken);
        try
        {
            return new ScaleOutCluster(postgres, await RedisInstance.StartNewAsync(cancellationToken));
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node with <paramref name="roles"/> (e.g. <c>gateway,ingest</c>) and any extra settings.</summary>
    public async Task<ScaleOutNode> StartNodeAsync(string name, string roles, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Tollgate:Roles"] = roles,
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Tollgate"] = Postgres.ConnectionString,
            ["Pipeline:Transport"] = "Redis",
            ["Redis:Configuration"] = Redis.Configuration,
            ["Pipeline:Redis:ClaimIdleTime"] = "00:00:03",
            ["Identity:MasterKey"] = masterKey,
            ["Identity:Jwt:SigningKeys:0:Id"] = KeyId,
            ["Identity:Jwt:SigningKeys:0:Key"] = Convert.ToBase64String(signingKey),
            ["RateLimiting:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var node = await ScaleOutNode.StartAsync(name, settings, AccessToken, cancellationToken);
        nodes.Add(node);
        return node;
    }

    /// <summary>Runs a scalar query against the shared database.</summary>
    public async Task<long> QueryScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What every node wrote last, for failure messages.</summary>
    public string Output => string.Join("\n\n", nodes.Select(node => $"--- {node.Name}\n{node.Output}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
