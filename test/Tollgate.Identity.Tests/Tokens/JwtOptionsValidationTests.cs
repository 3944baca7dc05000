using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Identity.Tokens;

namespace Tollgate.Identity.Tests.Tokens;

/// <summary>Unsafe or unusable JWT settings stop the start, with a message naming the key.</summary>
public sealed class JwtOptionsValidationTests
{
    private static readonly string RsaPem = CreateRsaPem(2048);

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "Issuers:0:Algorithms:0", "none", "Identity:Jwt:Issuers:0:Algorithms:0" },
        { "Issuers:0:Algorithms:0", "HS256", "Identity:Jwt:Issuers:0:Algorithms:0" },
        { "Issuers:0:Algorithms:0", "rs256", "Identity:Jwt:Issuers:0:Algorithms:0" },
        { "SigningKeys:0:Key", Convert.ToBase64String(new byte[16]), "Identity:Jwt:SigningKeys:0:Key" },
        { "SigningKeys:0:Key", "not base64!", "Identity:Jwt:SigningKeys:0:Key" },
        { "SigningKeys:0:Id", "", "Identity:Jwt:SigningKeys:0:Id" },
        { "Issuers:0:Keys:0:Id", "r1", "exactly one of JwksUrl and Keys" },
        { "Issuers:0:JwksUrl", "http://idp.example.com/jwks", "Identity:Jwt:Issuers:0:JwksUrl" },
        { "Issuers:0:JwksUrl", "/jwks", "Identity:Jwt:Issuers:0:JwksUrl" },
        { "Issuers:0:Name", "Bad_Name", "Identity:Jwt:Issuers:0:Name" },
        { "Issuers:0:Issuer", "tollgate", "Identity:Jwt:Issuers:0:Issuer" },
        { "Issuers:0:Audiences:0", "", "Identity:Jwt:Issuers:0:Audiences" },
        { "Issuers:0:Tenant", "Not A Tenant", "Identity:Jwt:Issuers:0:Tenant" },
        { "AccessTokenLifetime", "00:00:30", "Identity:Jwt:AccessTokenLifetime" },
        { "AccessTokenLifetime", "2.00:00:00", "Identity:Jwt:AccessTokenLifetime" },
        { "ClockSkew", "00:10:00", "Identity:Jwt:ClockSkew" },
        { "Issuer", "", "Identity:Jwt:Issuer" },
    };

    [Fact]
    public void Valid_settings_pass_and_bind_lists_without_defaults_mixed_in()
    {
        var settings = ValidSettings();
        settings["Identity:Jwt:Issuers:0:Algorithms:0"] = "ES256";
        settings["Identity:Jwt:Issuers:1:Name"] = "static-keys";
        settings["Identity:Jwt:Issuers:1:Issuer"] = "https://other.test";
        settings["Identity:Jwt:Issuers:1:Audiences:0"] = "tollgate";
        settings["Identity:Jwt:Issuers:1:Keys:0:Id"] = "r1";
        settings["Identity:Jwt:Issuers:1:Keys:0:Pem"] = RsaPem;
        settings["Identity:Jwt:Issuers:1:Tenant"] = "acme";

        var options = Resolve(settings);

        Assert.Equal(["ES256"], options.Issuers[0].Algorithms);
        Assert.Empty(options.Issuers[1].Algorithms);
        Assert.Equal(["tollgate-api"], options.Issuers[0].Audiences);
        Assert.Equal("k1", Assert.Single(options.SigningKeys).Id);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/jwks")]
    [InlineData("http://localhost/jwks")]
    [InlineData("http://[::1]:9000/jwks")]
    [InlineData("https://idp.example.com/.well-known/jwks.json")]
    public void Key_set_url_may_be_https_or_loopback_http(string url)
    {
        var settings = ValidSettings();
        settings["Identity:Jwt:Issuers:0:JwksUrl"] = url;

        Assert.Equal(url, Resolve(settings).Issuers[0].JwksUrl);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_setting_is_refused_naming_the_key(string key, string value, string expected)
    {
        var settings = ValidSettings();
        settings["Identity:Jwt:" + key] = value;

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-rsa", "Identity:Jwt:Issuers:0:Keys:0:Pem is an RSA key of 1024 bits")]
    [InlineData("private", "Identity:Jwt:Issuers:0:Keys:0:Pem must be a PUBLIC KEY")]
    [InlineData("garbage", "Identity:Jwt:Issuers:0:Keys:0:Pem is not PEM text")]
    public void Unusable_static_key_is_refused(string kind, string expected)
    {
        var settings = ValidSettings();
        settings.Remove("Identity:Jwt:Issuers:0:JwksUrl");
        settings["Identity:Jwt:Issuers:0:Keys:0:Id"] = "r1";
        using var rsa = RSA.Create(2048);
        settings["Identity:Jwt:Issuers:0:Keys:0:Pem"] = kind switch
        {
            "short-rsa" => CreateRsaPem(1024),
            "private" => rsa.ExportPkcs8PrivateKeyPem(),
            _ => "hello",
        };

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_issuers_with_the_same_name_or_iss_are_refused()
    {
        var settings = ValidSettings();
        settings["Identity:Jwt:Issuers:1:Name"] = "idp";
        settings["Identity:Jwt:Issuers:1:Issuer"] = "https://idp.test";
        settings["Identity:Jwt:Issuers:1:Audiences:0"] = "x";
        settings["Identity:Jwt:Issuers:1:JwksUrl"] = "https://idp.test/jwks";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains("Identity:Jwt:Issuers:1:Name 'idp' is used by another issuer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Identity:Jwt:Issuers:1:Issuer 'https://idp.test'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_from_starting()
    {
        var settings = ValidSettings();
        settings["Identity:Jwt:Issuers:0:Algorithms:0"] = "none";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuthentication().AddTollgateJwt(builder.Configuration);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Identity:Jwt:Issuers:0:Algorithms:0 'none' is not allowed", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ValidSettings()
    {
        var settings = OwnTokenTests.Settings(("k1", RandomNumberGenerator.GetBytes(32)));
        settings["Identity:Jwt:Issuers:0:Name"] = "idp";
        settings["Identity:Jwt:Issuers:0:Issuer"] = "https://idp.test";
        settings["Identity:Jwt:Issuers:0:Audiences:0"] = "tollgate-api";
        settings["Identity:Jwt:Issuers:0:JwksUrl"] = "https://idp.test/jwks";
        return settings;
    }

    private static JwtOptions Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddAuthentication().AddTollgateJwt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<JwtOptions>>().Value;
    }

    private static string CreateRsaPem(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }
}
