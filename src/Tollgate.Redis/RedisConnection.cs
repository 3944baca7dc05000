using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tollgate.Redis;

/// <summary>
/// The one Redis multiplexer of a process (register it as a singleton; every Redis feature shares it). It connects on
/// first use with <c>abortConnect=false</c>, so a node starts while Redis is down: the first use then waits at most
/// the connect timeout (5 seconds unless the configuration says otherwise), commands fail until Redis answers, and the
/// multiplexer reconnects by itself. A lost connection is logged once per outage, and its return once, without the
/// configuration string. Thread-safe.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions options;
    private readonly ILogger<RedisConnection> logger;
    private readonly Lock connectLock = new();
    private ConnectionMultiplexer? multiplexer;
    private IDatabase? database;
    private int failedConnections;
    private bool disposed;

    /// <summary>Creates the connection; nothing is opened until <see cref="Multiplexer"/> or <see cref="Database"/> is first read.</summary>
    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>The shared multiplexer; connects on first read.</summary>
    public IConnectionMultiplexer Multiplexer => Volatile.Read(ref multiplexer) ?? Connect();

    /// <summary>The default database of <see cref="Multiplexer"/>.</summary>
    public IDatabase Database
    {
        get
        {
            _ = Multiplexer;
            return database!;
        }
    }

    /// <summary>The key <paramref name="name"/> under <see cref="RedisOptions.KeyPrefix"/>.</summary>
    public RedisKey Key(string name) => new(options.KeyPrefix + name);

    /// <summary>Closes the multiplexer if it was opened.</summary>
    public async ValueTask DisposeAsync()
    {
        ConnectionMultiplexer? opened;
        lock (connectLock)
        {
            disposed = true;
            opened = multiplexer;
            multiplexer = null;
        }

        if (opened is not null)
        {
            await opened.DisposeAsync();
        }
    }

    /// <summary>
    /// The options the multiplexer is created with: the configured string with abort-on-connect-fail forced off, and
    /// commands failing at once while disconnected instead of waiting in the client's backlog. A backlogged XADD would
    /// reach Redis after the API had already answered 503, storing what the caller was told was refused (and will
    /// resend). The client's own connect and sync timeouts (5 seconds each) apply unless the string sets them.
    /// </summary>
    internal static ConfigurationOptions CreateConfiguration(string configuration)
    {
        var parsed = ConfigurationOptions.Parse(configuration);
        parsed.AbortOnConnectFail = false;
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        return parsed;
    }

    private ConnectionMultiplexer Connect()
    {
        // A lock rather than Lazy<T>: a failed attempt (say, a DNS error) is retried on the next use instead of cached.
        lock (connectLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (multiplexer is not null)
            {
                return multiplexer;
            }

            var configuration = CreateConfiguration(options.Configuration
                ?? throw new InvalidOperationException($"{RedisOptions.SectionName}:Configuration is not set."));
            var endpoints = string.Join(", ", configuration.EndPoints);
            RedisLog.Connecting(logger, endpoints);
            var opened = ConnectionMultiplexer.Connect(configuration);
            opened.ConnectionFailed += OnConnectionFailed;
            opened.ConnectionRestored += OnConnectionRestored;
            database = opened.GetDatabase();
            Volatile.Write(ref multiplexer, opened);
            return opened;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // The multiplexer reports every failed reconnect attempt; one warning per outage is enough.
        if (Interlocked.Exchange(ref failedConnections, 1) == 0)
        {
            RedisLog.ConnectionFailed(logger, e.EndPoint, e.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref failedConnections, 0) == 1)
        {
            RedisLog.ConnectionRestored(logger, e.EndPoint);
        }
    }
}
