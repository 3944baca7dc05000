namespace Tollgate.Testing.Services;

/// <summary>
/// The PostgreSQL and Redis servers the suites run against. <c>./scripts/test</c> starts both on loopback in
/// temporary directories and names them in <c>TOLLGATE_TEST_POSTGRES</c> (an Npgsql connection string of a superuser on
/// a throw-away server) and <c>TOLLGATE_TEST_REDIS</c> (a StackExchange.Redis configuration string). A test that needs
/// one and finds it unset fails with a message saying so: it never skips.
/// </summary>
public static class TestServices
{
    /// <summary>The environment variable naming the PostgreSQL server.</summary>
    public const string PostgresVariable = "TOLLGATE_TEST_POSTGRES";

    /// <summary>The environment variable naming the Redis server.</summary>
    public const string RedisVariable = "TOLLGATE_TEST_REDIS";

    /// <summary>The connection string of the test PostgreSQL server (a superuser, database <c>postgres</c>).</summary>
    public static string PostgresConnectionString => Require(PostgresVariable, "PostgreSQL");

    /// <summary>The configuration string of the test Redis server.</summary>
    public static string RedisConfiguration => Require(RedisVariable, "Redis");

    private static string Require(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"This test needs a {what} server and {variable} is not set. Run ./scripts/test, which starts one on loopback, " +
                $"or set {variable} to a throw-away server of your own.");
}
