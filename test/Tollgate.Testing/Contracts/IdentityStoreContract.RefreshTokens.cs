using System.Security.Cryptography;
using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class IdentityStoreContract
{
    [Fact]
    public async Task Creates_a_refresh_token_and_reads_back_every_field()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var token = NewRefreshToken(user) with { RevokedAt = NextTime() };

        await Store.CreateRefreshTokenAsync(token, Ct);

        AssertSameToken(token, await Store.FindRefreshTokenByHashAsync(token.Hash, Ct));
    }

    [Fact]
    public async Task An_unknown_refresh_token_hash_is_null()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        await CreateRefreshTokenAsync(user);

        Assert.Null(await Store.FindRefreshTokenByHashAsync(RandomNumberGenerator.GetBytes(32), Ct));
    }

    [Fact]
    public async Task Rotating_revokes_the_current_token_and_stores_the_replacement()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var current = await CreateRefreshTokenAsync(user);
        var replacement = NewRefreshToken(user, current.FamilyId);
        var at = NextTime();

        Assert.True(await Store.RotateRefreshTokenAsync(current.Id, replacement, at, Ct));

        AssertSameToken(current with { RevokedAt = at }, await Store.FindRefreshTokenByHashAsync(current.Hash, Ct));
        AssertSameToken(replacement, await Store.FindRefreshTokenByHashAsync(replacement.Hash, Ct));
    }

    [Fact]
    public async Task A_token_rotates_only_once()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var current = await CreateRefreshTokenAsync(user);
        var first = NewRefreshToken(user, current.FamilyId);
        var second = NewRefreshToken(user, current.FamilyId);
        var at = NextTime();
        Assert.True(await Store.RotateRefreshTokenAsync(current.Id, first, at, Ct));

        Assert.False(await Store.RotateRefreshTokenAsync(current.Id, second, NextTime(), Ct));

        Assert.Null(await Store.FindRefreshTokenByHashAsync(second.Hash, Ct));
        AssertSameToken(current with { RevokedAt = at }, await Store.FindRefreshTokenByHashAsync(current.Hash, Ct));
        AssertSameToken(first, await Store.FindRefreshTokenByHashAsync(first.Hash, Ct));
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_does_not_rotate()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var current = await CreateRefreshTokenAsync(user);
        await Store.RevokeRefreshTokenFamilyAsync(current.FamilyId, NextTime(), Ct);
        var replacement = NewRefreshToken(user, current.FamilyId);
        var orphan = NewRefreshToken(user);

        Assert.False(await Store.RotateRefreshTokenAsync(current.Id, replacement, NextTime(), Ct));
        Assert.False(await Store.RotateRefreshTokenAsync(Guid.CreateVersion7(), orphan, NextTime(), Ct));

        Assert.Null(await Store.FindRefreshTokenByHashAsync(replacement.Hash, Ct));
        Assert.Null(await Store.FindRefreshTokenByHashAsync(orphan.Hash, Ct));
    }

    [Fact]
    public async Task Concurrent_rotations_of_one_token_have_exactly_one_winner()
    {
        const int Contenders = 8;
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var current = await CreateRefreshTokenAsync(user);
        var replacements = Enumerable.Range(0, Contenders).Select(_ => NewRefreshToken(user, current.FamilyId)).ToArray();
        var times = replacements.Select(_ => NextTime()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rotations = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(
                async () =>
                {
                    await start.Task;
                    return await Store.RotateRefreshTokenAsync(current.Id, replacements[i], times[i], Ct);
                },
                Ct))
            .ToArray();

        start.SetResult();
        var results = await Task.WhenAll(rotations);

        var winner = Assert.Single(Enumerable.Range(0, Contenders), i => results[i]);
        AssertSameToken(current with { RevokedAt = times[winner] }, await Store.FindRefreshTokenByHashAsync(current.Hash, Ct));
        for (var i = 0; i < Contenders; i++)
        {
            var stored = await Store.FindRefreshTokenByHashAsync(replacements[i].Hash, Ct);
            if (i == winner)
            {
                AssertSameToken(replacements[i], stored);
            }
            else
            {
                Assert.Null(stored);
            }
        }
    }

    [Fact]
    public async Task Revoking_a_family_revokes_its_unrevoked_tokens_only()
    {
        await CreateTenantAsync(TenantA);
        var user = await CreateUserAsync(TenantA, "ada@example.com");
        var first = await CreateRefreshTokenAsync(user);
        var rotatedAt = NextTime();
        var second = NewRefreshToken(user, first.FamilyId);
        Assert.True(await Store.RotateRefreshTokenAsync(first.Id, second, rotatedAt, Ct));
        var otherFamily = await CreateRefreshTokenAsync(user);
        var at = NextTime();

        await Store.RevokeRefreshTokenFamilyAsync(first.FamilyId, at, Ct);

        AssertSameToken(first with { RevokedAt = rotatedAt }, await Store.FindRefreshTokenByHashAsync(first.Hash, Ct));
        AssertSameToken(second with { RevokedAt = at }, await Store.FindRefreshTokenByHashAsync(second.Hash, Ct));
        AssertSameToken(otherFamily, await Store.FindRefreshTokenByHashAsync(otherFamily.Hash, Ct));
    }

    [Fact]
    public async Task Revoking_a_users_tokens_revokes_every_family_of_that_user_only()
    {
        await CreateTenantAsync(TenantA);
        await CreateTenantAsync(TenantB);
        var ada = await CreateUserAsync(TenantA, "ada@example.com");
        var bob = await CreateUserAsync(TenantA, "bob@example.com");
        var carol = await CreateUserAsync(TenantB, "carol@example.com");
        var earlier = NextTime();
        var revoked = NewRefreshToken(ada) with { RevokedAt = earlier };
        await Store.CreateRefreshTokenAsync(revoked, Ct);
        var adaTokens = new[] { await CreateRefreshTokenAsync(ada), await CreateRefreshTokenAsync(ada) };
        var bobToken = await CreateRefreshTokenAsync(bob);
        var carolToken = await CreateRefreshTokenAsync(carol);
        var at = NextTime();

        await Store.RevokeRefreshTokensOfUserAsync(ada.Id, at, Ct);

        foreach (var token in adaTokens)
        {
            AssertSameToken(token with { RevokedAt = at }, await Store.FindRefreshTokenByHashAsync(token.Hash, Ct));
        }

        AssertSameToken(revoked, await Store.FindRefreshTokenByHashAsync(revoked.Hash, Ct));
        AssertSameToken(bobToken, await Store.FindRefreshTokenByHashAsync(bobToken.Hash, Ct));
        AssertSameToken(carolToken, await Store.FindRefreshTokenByHashAsync(carolToken.Hash, Ct));
    }
}
