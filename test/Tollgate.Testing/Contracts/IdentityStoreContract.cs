using System.Security.Cryptography;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// The behaviour every <see cref="IIdentityStore"/> must have, written once and run against each provider: derive a
/// test class, implement <see cref="CreateStoreAsync"/>, and every test here runs against that store.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so each test gets its own fresh, migrated store holding only the default
/// tenant; it is disposed after the test when it implements <see cref="IAsyncDisposable"/> or
/// <see cref="IDisposable"/>. Tests create the tenants and users that later rows refer to first, as a store with
/// foreign keys requires. Times are handed out by <see cref="NextTime"/>, with microseconds, the precision every
/// store keeps.
/// </remarks>
public abstract partial class IdentityStoreContract : IAsyncLifetime
{
    /// <summary>The tenant most tests use.</summary>
    protected const string TenantA = "tenant-a";

    /// <summary>A second tenant, for isolation tests.</summary>
    protected const string TenantB = "tenant-b";

    private static readonly byte[] NoBytes = [];
    private static readonly string[] NoScopes = [];
    private static readonly DateTimeOffset Start = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234_560);
    private IIdentityStore? store;
    private long issuedTimes;

    /// <summary>The store under test.</summary>
    protected IIdentityStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh store, migrated and holding only the default tenant; called once per test.</summary>
    protected abstract Task<IIdentityStore> CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        store = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>A UTC instant strictly later than every one handed out before, with a non-zero microsecond part.</summary>
    protected DateTimeOffset NextTime() => Start.AddTicks(Interlocked.Increment(ref issuedTimes) * 10_000_010);

    /// <summary>Creates a tenant (asserting it was created) and returns it.</summary>
    protected async Task<Tenant> CreateTenantAsync(string tenantId, string? name = null, bool disabled = false)
    {
        var tenant = new Tenant(tenantId, name ?? $"Tenant {tenantId}", disabled, NextTime());
        Assert.True(await Store.CreateTenantAsync(tenant, Ct), $"Tenant {tenantId} was not created.");
        return tenant;
    }

    /// <summary>A user that is not stored yet.</summary>
    protected User NewUser(string tenantId, string email, Role role = Role.Reader, bool disabled = false, DateTimeOffset? lastLoginAt = null) =>
        new(Guid.CreateVersion7(), tenantId, email, role, $"pbkdf2-sha512$210000${Base64(16)}${Base64(32)}", disabled, NextTime(), lastLoginAt);

    /// <summary>Creates a user (asserting it was created) and returns it.</summary>
    protected async Task<User> CreateUserAsync(string tenantId, string email, Role role = Role.Reader, bool disabled = false)
    {
        var user = NewUser(tenantId, email, role, disabled);
        Assert.True(await Store.CreateUserAsync(user, Ct), $"User {email} was not created.");
        return user;
    }

    /// <summary>An API key that is not stored yet: signing optional with a secret, expiring, never used.</summary>
    protected ApiKey NewApiKey(string tenantId, string name = "ci", DateTimeOffset? createdAt = null)
    {
        var id = Guid.CreateVersion7();
        var created = createdAt ?? NextTime();
        return new ApiKey(
            id,
            tenantId,
            name,
            "tg_" + id.ToString("N")[..9],
            RandomNumberGenerator.GetBytes(32),
            [Scopes.Ingest, Scopes.Read],
            ApiKeySigning.Optional,
            RandomNumberGenerator.GetBytes(61),
            created,
            "cli",
            created.AddDays(90),
            null,
            null);
    }

    /// <summary>Stores a new API key of the tenant and returns it.</summary>
    protected async Task<ApiKey> CreateApiKeyAsync(string tenantId, string name = "ci")
    {
        var key = NewApiKey(tenantId, name);
        await Store.CreateApiKeyAsync(key, Ct);
        return key;
    }

    /// <summary>A refresh token of the user that is not stored yet; a new family unless one is given.</summary>
    protected RefreshToken NewRefreshToken(User user, Guid? familyId = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = NextTime();
        return new RefreshToken(Guid.CreateVersion7(), familyId ?? Guid.CreateVersion7(), user.Id, user.TenantId, RandomNumberGenerator.GetBytes(32), created, created.AddDays(14), null);
    }

    /// <summary>Stores a new refresh token of the user and returns it.</summary>
    protected async Task<RefreshToken> CreateRefreshTokenAsync(User user, Guid? familyId = null)
    {
        var token = NewRefreshToken(user, familyId);
        await Store.CreateRefreshTokenAsync(token, Ct);
        return token;
    }

    /// <summary>Asserts two keys are equal field by field, byte arrays and scopes by content.</summary>
    protected static void AssertSameKey(ApiKey expected, ApiKey? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(Convert.ToHexString(expected.Hash), Convert.ToHexString(actual.Hash));
        Assert.Equal(Hex(expected.SigningSecret), Hex(actual.SigningSecret));
        Assert.Equal(expected.Scopes, actual.Scopes);
        Assert.Equal(expected with { Hash = NoBytes, Scopes = NoScopes, SigningSecret = null }, actual with { Hash = NoBytes, Scopes = NoScopes, SigningSecret = null });
    }

    /// <summary>Asserts two refresh tokens are equal field by field, the hash by content.</summary>
    protected static void AssertSameToken(RefreshToken expected, RefreshToken? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(Convert.ToHexString(expected.Hash), Convert.ToHexString(actual.Hash));
        Assert.Equal(expected with { Hash = NoBytes }, actual with { Hash = NoBytes });
    }

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(bytes);

    private static string Base64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
