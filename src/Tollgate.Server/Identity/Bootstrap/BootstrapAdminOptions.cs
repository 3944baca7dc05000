namespace Tollgate.Server.Identity.Bootstrap;

/// <summary>
/// The environment variables that create the first platform admin at start-up, for deployments that cannot run
/// <c>admin create</c>. The password comes from a file (a mounted secret), never from the environment itself.
/// </summary>
internal static class BootstrapAdminOptions
{
    /// <summary>The admin's email.</summary>
    public const string EmailVariable = "TOLLGATE_BOOTSTRAP_ADMIN_EMAIL";

    /// <summary>A file holding the admin's password (the first line; a trailing newline is ignored).</summary>
    public const string PasswordFileVariable = "TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE";
}
