using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity.Users;

namespace Tollgate.Server.Identity.Bootstrap;

/// <summary>
/// At start-up, when no platform admin exists: creates one from <see cref="BootstrapAdminOptions"/> if they are set,
/// else says how to create one. Never invents a password. A bad bootstrap setting stops the start.
/// </summary>
internal sealed partial class BootstrapAdminService(
    IConfiguration configuration,
    IIdentityStore store,
    UserAccounts accounts,
    ILogger<BootstrapAdminService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.CountPlatformAdminsAsync(cancellationToken) > 0)
        {
            return;
        }

        var email = configuration[BootstrapAdminOptions.EmailVariable];
        var passwordFile = configuration[BootstrapAdminOptions.PasswordFileVariable];
        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(passwordFile))
        {
            LogNoAdmin(logger);
            return;
        }

        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(passwordFile))
        {
            throw new OptionsValidationException(BootstrapAdminOptions.EmailVariable, typeof(BootstrapAdminService),
                [$"Set both {BootstrapAdminOptions.EmailVariable} and {BootstrapAdminOptions.PasswordFileVariable}, or neither."]);
        }

        string password;
        try
        {
            password = ReadPassword(await File.ReadAllTextAsync(passwordFile, cancellationToken));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OptionsValidationException(BootstrapAdminOptions.PasswordFileVariable, typeof(BootstrapAdminService),
                [$"{BootstrapAdminOptions.PasswordFileVariable} names a file that cannot be read: {exception.Message}"]);
        }

        var result = await accounts.CreateAsync(Tenants.Default, email, password, Role.PlatformAdmin, cancellationToken);
        if (result.Outcome != UserCreation.Created)
        {
            throw new OptionsValidationException(BootstrapAdminOptions.EmailVariable, typeof(BootstrapAdminService),
                [$"Could not create the bootstrap admin: {result.Message}"]);
        }

        LogCreated(logger, result.User!.Email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The password in a secret file: its first line, without the line break editors add.</summary>
    internal static string ReadPassword(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No platform admin exists yet, and Tollgate never creates a default password. Create one with `dotnet run --project src/Tollgate.Server -- admin create --email you@example.com` (or `Tollgate.Server admin create …` from a published build; the password is read from stdin), or set TOLLGATE_BOOTSTRAP_ADMIN_EMAIL and TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE and restart.")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap platform admin {Email} in the default tenant.")]
    private static partial void LogCreated(ILogger logger, string email);
}
