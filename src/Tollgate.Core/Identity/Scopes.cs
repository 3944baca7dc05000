namespace Tollgate.Core.Identity;

/// <summary>
/// The permissions an endpoint asks for. API keys carry a subset of <see cref="Ingest"/>, <see cref="Read"/> and
/// <see cref="Admin"/>, plus any custom gateway scopes; users get theirs from their <see cref="Role"/>; only platform
/// admins hold <see cref="Platform"/>.
/// </summary>
/// <remarks>
/// Custom scopes are what gateway routes ask of callers (<c>orders:write</c>). They must contain a colon, so a typo of
/// a built-in scope (<c>reed</c>) is refused instead of silently granting nothing.
/// </remarks>
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

    /// <summary>The longest custom scope.</summary>
    public const int MaxCustomScopeLength = 64;

    /// <summary>True for a scope an API key or service token may carry: a built-in one or a custom one.</summary>
    public static bool IsApiKeyScope(string scope) => scope is Ingest or Read or Admin || IsCustom(scope);

    /// <summary>
    /// True for a custom gateway scope: 3 to <see cref="MaxCustomScopeLength"/> characters of <c>a-z</c>, <c>0-9</c>,
    /// <c>.</c>, <c>_</c>, <c>-</c> and <c>:</c>, with a colon that is neither first nor last (<c>orders:write</c>).
    /// </summary>
    public static bool IsCustom(string? scope)
    {
        if (scope is null || scope.Length is < 3 or > MaxCustomScopeLength || scope[0] == ':' || scope[^1] == ':' || !scope.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in scope)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
