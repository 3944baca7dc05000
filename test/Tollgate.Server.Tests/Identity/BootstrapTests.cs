using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Identity;

public sealed class BootstrapTests
{
    private const string AdminEmail = "Bootstrap.Admin@Tollgate.test";

    [Fact]
    public async Task Bootstrap_settings_create_a_platform_admin_who_can_log_in()
    {
        await using var secrets = new TempDirectory("bootstrap-");
        var passwordFile = secrets.Combine("admin-password");
        await File.WriteAllTextAsync(passwordFile, IdentityApi.Password + "\n", TestContext.Current.CancellationToken);
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?>
        {
            ["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail,
            ["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile,
        });

        var admins = await factory.Services.GetRequiredService<IIdentityStore>().CountPlatformAdminsAsync(TestContext.Current.CancellationToken);
        var session = await IdentityApi.LogInAsync(factory, AdminEmail.ToLowerInvariant());
        var me = await Api.GetJsonAsync(IdentityApi.BearerClient(factory, session.AccessToken), IdentityApi.Me);

        Assert.Equal(1, admins);
        Assert.Equal("platform-admin", me.GetProperty("role").GetString());
        Assert.Equal("default", me.GetProperty("tenant_id").GetString());
        Assert.Contains("platform", me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        await Api.GetJsonAsync(IdentityApi.BearerClient(factory, session.AccessToken), IdentityApi.Tenants);
    }

    [Fact]
    public async Task Without_bootstrap_settings_no_user_is_created()
    {
        await using var factory = new TollgateFactory();

        var store = factory.Services.GetRequiredService<IIdentityStore>();

        Assert.Equal(0, await store.CountPlatformAdminsAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await store.ListUsersAsync("default", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Bootstrap_with_a_common_password_stops_the_start()
    {
        await using var secrets = new TempDirectory("bootstrap-");
        var passwordFile = secrets.Combine("admin-password");
        await File.WriteAllTextAsync(passwordFile, "qwerty123456", TestContext.Current.CancellationToken);
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?>
        {
            ["TOLLGATE_BOOTSTRAP_ADMIN_EMAIL"] = AdminEmail,
            ["TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE"] = passwordFile,
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("common passwords", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_create_command_creates_a_platform_admin_once_and_refuses_common_passwords()
    {
        await using var factory = new TollgateFactory();
        var email = IdentityApi.UniqueEmail("cli-admin");

        var created = await AdminCommand.RunAsync(factory.DatabasePath, IdentityApi.Password, "admin", "create", "--email", email);
        var again = await AdminCommand.RunAsync(factory.DatabasePath, IdentityApi.Password, "admin", "create", "--email", email.ToUpperInvariant());
        var common = await AdminCommand.RunAsync(factory.DatabasePath, "qwerty123456", "admin", "create", "--email", IdentityApi.UniqueEmail("cli-weak"));
        var none = await AdminCommand.RunAsync(factory.DatabasePath, null, "admin", "create", "--email", IdentityApi.UniqueEmail("cli-none"));

        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        Assert.Contains(email, created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(IdentityApi.Password, created.Output + created.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, common.ExitCode);
        Assert.Contains("common passwords", common.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("No password", none.Error, StringComparison.Ordinal);

        var session = await IdentityApi.LogInAsync(factory, email);
        var me = await Api.GetJsonAsync(IdentityApi.BearerClient(factory, session.AccessToken), IdentityApi.Me);
        Assert.Equal("platform-admin", me.GetProperty("role").GetString());
        Assert.Equal(1, await factory.Services.GetRequiredService<IIdentityStore>().CountPlatformAdminsAsync(TestContext.Current.CancellationToken));
    }
}
