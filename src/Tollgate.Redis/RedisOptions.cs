namespace Tollgate.Redis;

/// <summary>
/// Settings of section <c>Redis</c>: the server every node of a scaled-out deployment shares (pipeline streams,
/// rate-limit buckets, signing nonces). Validated at start-up.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string such as <c>redis1:6379,password=…,ssl=true</c>. Required. It may hold a
    /// password, so Tollgate never logs it. <c>abortConnect</c> is always forced off so a node starts while Redis is
    /// down; <c>connectTimeout</c> and <c>syncTimeout</c> keep the client's defaults of 5 seconds unless set here.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Prepended to every key Tollgate writes, so several deployments (or other applications) can share one server.
    /// Default <c>tollgate:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "tollgate:";
}
