using System.Text;
using Tollgate.Identity.Tokens;
using Tollgate.Testing.Tokens;

namespace Tollgate.Identity.Tests.Tokens;

public sealed class JwtSchemeSelectorTests
{
    private static readonly JwtOptions Options = CreateOptions();

    [Theory]
    [InlineData("https://idp.test", "Tollgate.Jwt.idp")]
    [InlineData("https://ci.test", "Tollgate.Jwt.ci")]
    [InlineData("tollgate", "Tollgate.Jwt")]
    [InlineData("https://unknown.test", "Tollgate.Jwt")]
    [InlineData("https://IDP.test", "Tollgate.Jwt")]
    public void Scheme_follows_the_unverified_issuer(string issuer, string expected)
    {
        var token = Token($$"""{"sub":"x","nested":{"iss":"https://ci.test"},"list":[1,{"iss":"y"}],"iss":"{{issuer}}"}""");

        Assert.Equal(expected, JwtSchemeSelector.SelectScheme(token, Options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tg_0123456789")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.%%%.sig")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.WyJpc3MiXQ.sig")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOjQyfQ.sig")]
    public void Anything_that_is_not_a_jws_with_a_known_issuer_goes_to_the_own_scheme(string token)
    {
        Assert.Equal(JwtSchemes.Own, JwtSchemeSelector.SelectScheme(token, Options));
    }

    [Fact]
    public void Encrypted_token_goes_to_the_own_scheme()
    {
        var payload = TestTokens.Encode(Encoding.UTF8.GetBytes("""{"iss":"https://idp.test"}"""));

        Assert.Equal(JwtSchemes.Own, JwtSchemeSelector.SelectScheme($"e30.{payload}.c2ln.aXY.dGFn", Options));
    }

    private static string Token(string payloadJson) =>
        "eyJhbGciOiJSUzI1NiJ9." + TestTokens.Encode(Encoding.UTF8.GetBytes(payloadJson)) + ".c2ln";

    private static JwtOptions CreateOptions()
    {
        var options = new JwtOptions();
        options.Issuers.Add(new ExternalIssuerOptions { Name = "idp", Issuer = "https://idp.test" });
        options.Issuers.Add(new ExternalIssuerOptions { Name = "ci", Issuer = "https://ci.test" });
        return options;
    }
}
