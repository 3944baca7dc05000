using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Identity.RateLimiting;
using Tollgate.Redis;

namespace Tollgate.Identity.Signing;

/// <summary>
/// The nonce store every node shares: each nonce is a Redis key <c>{prefix}nonce:{key id}:{nonce}</c> written with
/// <c>SET NX PX</c> for 600 seconds (the replay window; Redis expires it, on its own clock), so a signed request
/// replayed to any node is refused. Used when <c>RateLimiting:Store</c> is <see cref="RateLimitStore.Redis"/>.
/// </summary>
/// <remarks>
/// <para>
/// Fails closed: when Redis cannot be reached, <see cref="TryRecord"/> throws the <see cref="RedisException"/> rather
/// than accepting a nonce it could not record (that would reopen replay for as long as the outage lasts) or returning
/// false (the caller would answer 401 "nonce already used", which misstates the cause and is not retried). The server
/// turns the exception into 503 store-unavailable, which clients retry. The outage is logged once.
/// Only signed requests are affected; bearer API keys and tokens need no nonce.
/// </para>
/// <para>One round trip to Redis per signed request, made synchronously as <see cref="INonceStore"/> is. Thread-safe.</para>
/// </remarks>
public sealed class RedisNonceStore : INonceStore
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(2 * RequestSignature.MaxClockSkewSeconds);

    private readonly RedisConnection connection;
    private readonly TimeSpan window;
    private readonly RedisOutageLog outage;

    /// <summary>Creates the store on the node's shared <paramref name="connection"/>.</summary>
    public RedisNonceStore(RedisConnection connection, ILogger<RedisNonceStore> logger)
        : this(connection, logger, DefaultWindow)
    {
    }

    /// <summary>Creates a store that remembers nonces for <paramref name="window"/> (tests shorten it).</summary>
    internal RedisNonceStore(RedisConnection connection, ILogger<RedisNonceStore> logger, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.window = window;
        outage = new RedisOutageLog(logger, "Signed requests", "they are refused with 503 (replay protection fails closed)");
    }

    /// <inheritdoc />
    /// <remarks><paramref name="now"/> is not used: the window runs on Redis's clock, the same for every node.</remarks>
    /// <exception cref="RedisException">Redis cannot be reached; the nonce was not recorded and the request must be refused.</exception>
    public bool TryRecord(Guid keyId, string nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        var multiplexer = connection.Multiplexer;
        if (!multiplexer.IsConnected)
        {
            // Without this the client would queue the command for its whole timeout before failing.
            outage.Failed(null);
            throw new RedisConnectionException(
                ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected: the nonce of a signed request cannot be recorded.", null, CommandStatus.WaitingToBeSent);
        }

        bool recorded;
        try
        {
            recorded = connection.Database.StringSet(connection.Key($"nonce:{keyId:N}:{nonce}"), RedisValue.EmptyString, window, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            outage.Failed(ex);
            throw;
        }

        outage.Succeeded();
        return recorded;
    }
}
