using Tollgate.Core.Identity;

namespace Tollgate.Core.Tests.Identity;

public sealed class ScopesTests
{
    [Theory]
    [InlineData("orders:write")]
    [InlineData("billing.v2:invoices:read")]
    [InlineData("a:b")]
    public void Namespaced_lowercase_scopes_are_custom_scopes(string scope)
    {
        Assert.True(Scopes.IsCustom(scope));
        Assert.True(Scopes.IsApiKeyScope(scope));
    }

    [Theory]
    [InlineData("reed")]
    [InlineData("Orders:Write")]
    [InlineData(":write")]
    [InlineData("orders:")]
    [InlineData("orders write")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_strings_are_not(string? scope) => Assert.False(Scopes.IsCustom(scope));

    [Fact]
    public void Custom_scopes_are_at_most_64_characters()
    {
        Assert.True(Scopes.IsCustom("a:" + new string('b', Scopes.MaxCustomScopeLength - 2)));
        Assert.False(Scopes.IsCustom("a:" + new string('b', Scopes.MaxCustomScopeLength - 1)));
    }

    [Fact]
    public void Platform_is_never_an_api_key_scope() => Assert.False(Scopes.IsApiKeyScope(Scopes.Platform));
}
