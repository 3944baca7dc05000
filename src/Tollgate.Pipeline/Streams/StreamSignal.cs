using StackExchange.Redis;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// One signal's Redis keys: the stream <c>{prefix}stream:{name}</c>, its dead-letter stream
/// <c>{prefix}stream:{name}:dead</c> and its status hash <c>{prefix}stream:{name}:status</c> (the last collector
/// error, shared by every node).
/// </summary>
internal sealed class StreamSignal
{
    /// <summary>The consumer group every collector of a stream joins.</summary>
    public const string Group = "collectors";

    /// <summary>The entry field holding the payload layout version.</summary>
    public const string VersionField = "v";

    /// <summary>The entry field holding the payload.</summary>
    public const string PayloadField = "d";

    /// <summary>The request signal's name.</summary>
    public const string Requests = "requests";

    /// <summary>The audit signal's name.</summary>
    public const string Audit = "audit";

    public StreamSignal(string name, RedisConnection redis)
    {
        Name = name;
        Stream = redis.Key($"stream:{name}");
        DeadLetters = redis.Key($"stream:{name}:dead");
        Status = redis.Key($"stream:{name}:status");
    }

    /// <summary>The signals that travel through streams, in the order the status API lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Requests, Audit];

    public string Name { get; }

    public RedisKey Stream { get; }

    public RedisKey DeadLetters { get; }

    public RedisKey Status { get; }
}
