namespace Tollgate.Core.Identity;

/// <summary>
/// The permissions an endpoint asks for. API keys carry a subset of <see cref="Ingest"/>, <see cref="Read"/> and
/// <see cref="Admin"/>; users get theirs from their <see cref="Role"/>; only platform admins hold <see cref="Platform"/>.
/// </summary>
public static class Scopes
{
    /// <summary>Write events, logs and requests into the tenant.</summary>
    public const string Ingest = "ingest";

    /// <summary>Query, export, stats and verify the tenant's data.</summary>
    public const string Read = "read";

    /// <summary>Manage the tenant: keys, users, retention.</summary>
    public const string Admin = "admin";

    /// <summary>Manage tenants and act on any of them by name.</summary>
    public const string Platform = "platform";

    /// <summary>The scopes an API key may be given.</summary>
    public static IReadOnlyList<string> ForApiKeys { get; } = [Ingest, Read, Admin];

    /// <summary>True for a scope an API key may carry.</summary>
    public static bool IsApiKeyScope(string scope) => scope is Ingest or Read or Admin;
}
