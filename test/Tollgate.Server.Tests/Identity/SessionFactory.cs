using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>A server with one tenant admin of the default tenant with a real password, created once per class.</summary>
public sealed class SessionFactory : TollgateFactory, IAsyncLifetime
{
    public string Email { get; } = IdentityApi.UniqueEmail("session");

    public Guid UserId { get; private set; }

    public async ValueTask InitializeAsync() =>
        UserId = (await IdentityApi.CreateUserAsync(this, Tenants.Default, Email, Role.TenantAdmin)).Id;
}
