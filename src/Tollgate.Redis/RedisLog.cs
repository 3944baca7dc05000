using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Tollgate.Redis;

/// <summary>The Redis connection's log messages. They name endpoints, never the configuration string (it may hold a password).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Connecting to Redis at {Endpoints}")]
    public static partial void Connecting(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Lost the Redis connection to {Endpoint} ({FailureType}); reconnecting in the background")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? endpoint, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, EndPoint? endpoint);
}
