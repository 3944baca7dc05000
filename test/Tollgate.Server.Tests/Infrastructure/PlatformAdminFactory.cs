using Tollgate.Core;
using Tollgate.Core.Identity;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A server with one platform admin of the default tenant, logged in once over HTTP for the whole class.</summary>
public sealed class PlatformAdminFactory : TollgateFactory, IAsyncLifetime
{
    /// <summary>The platform admin's email.</summary>
    public string AdminEmail { get; } = IdentityApi.UniqueEmail("platform");

    /// <summary>The platform admin's access token.</summary>
    public string AdminToken { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await IdentityApi.CreateUserAsync(this, Tenants.Default, AdminEmail, Role.PlatformAdmin);
        AdminToken = (await IdentityApi.LogInAsync(this, AdminEmail)).AccessToken;
    }

    /// <summary>A client that sends the platform admin's access token.</summary>
    public HttpClient CreatePlatformClient() => IdentityApi.BearerClient(this, AdminToken);
}
