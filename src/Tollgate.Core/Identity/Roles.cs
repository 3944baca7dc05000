namespace Tollgate.Core.Identity;

/// <summary>The wire names of <see cref="Role"/> and the scopes each role grants.</summary>
public static class Roles
{
    private static readonly string[] ReaderScopes = [Scopes.Read];
    private static readonly string[] WriterScopes = [Scopes.Ingest];
    private static readonly string[] TenantAdminScopes = [Scopes.Read, Scopes.Ingest, Scopes.Admin];
    private static readonly string[] PlatformAdminScopes = [Scopes.Read, Scopes.Ingest, Scopes.Admin, Scopes.Platform];

    /// <summary>The name used in JSON, tokens and configuration: reader, writer, tenant-admin, platform-admin.</summary>
    public static string ToName(Role role) => role switch
    {
        Role.Reader => "reader",
        Role.Writer => "writer",
        Role.TenantAdmin => "tenant-admin",
        Role.PlatformAdmin => "platform-admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Parses a role name (exact, lowercase).</summary>
    public static bool TryParse(string? name, out Role role)
    {
        switch (name)
        {
            case "reader": role = Role.Reader; return true;
            case "writer": role = Role.Writer; return true;
            case "tenant-admin": role = Role.TenantAdmin; return true;
            case "platform-admin": role = Role.PlatformAdmin; return true;
            default: role = default; return false;
        }
    }

    /// <summary>The scopes a role grants.</summary>
    public static IReadOnlyList<string> ScopesOf(Role role) => role switch
    {
        Role.Reader => ReaderScopes,
        Role.Writer => WriterScopes,
        Role.TenantAdmin => TenantAdminScopes,
        Role.PlatformAdmin => PlatformAdminScopes,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
