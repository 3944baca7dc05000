namespace Tollgate.Server.Topology;

/// <summary>What a node does (<c>Tollgate:Roles</c>); a node may have any of them, and has all by default.</summary>
[Flags]
public enum NodeRole
{
    /// <summary>No role.</summary>
    None = 0,

    /// <summary>Proxies the configured routes and captures their traffic.</summary>
    Gateway = 1,

    /// <summary>Serves the write APIs: audit events (and amendments), seed 002's POST /events, reported requests.</summary>
    Ingest = 2,

    /// <summary>Drains the Redis streams into the store (scaled out only; embedded, the in-process writers do it).</summary>
    Collector = 4,

    /// <summary>Serves the read and management APIs: search, export, stats, verification, requests, identity, pipeline status.</summary>
    Query = 8,

    /// <summary>Serves the web console (reserved: the console arrives with its own issue) and the identity APIs it signs in with.</summary>
    Console = 16,

    /// <summary>Every role: the default, and what the embedded single node runs.</summary>
    All = Gateway | Ingest | Collector | Query | Console,
}
