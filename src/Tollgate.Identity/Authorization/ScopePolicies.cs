using Tollgate.Core.Identity;

namespace Tollgate.Identity.Authorization;

/// <summary>Authorization policy names, one per scope. Endpoints ask for a scope, never for a role or a scheme.</summary>
public static class ScopePolicies
{
    /// <summary>Needs <see cref="Scopes.Ingest"/>.</summary>
    public const string Ingest = "scope:" + Scopes.Ingest;

    /// <summary>Needs <see cref="Scopes.Read"/>.</summary>
    public const string Read = "scope:" + Scopes.Read;

    /// <summary>Needs <see cref="Scopes.Admin"/>.</summary>
    public const string Admin = "scope:" + Scopes.Admin;

    /// <summary>Needs <see cref="Scopes.Platform"/>.</summary>
    public const string Platform = "scope:" + Scopes.Platform;

    /// <summary>Every scope with its policy name.</summary>
    internal static IReadOnlyList<(string Policy, string Scope)> All { get; } =
    [
        (Ingest, Scopes.Ingest),
        (Read, Scopes.Read),
        (Admin, Scopes.Admin),
        (Platform, Scopes.Platform),
    ];
}
