using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Gateway.Tests.Encryption;

/// <summary>A key ring that cannot work stops the start, with a message naming the key and never showing a key.</summary>
public sealed class PayloadEncryptionOptionsTests
{
    private static readonly string Key0 = Convert.ToBase64String(KeyRings.NewKey());
    private static readonly string Key1 = Convert.ToBase64String(KeyRings.NewKey());

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "Keys:1:Key", "not base64!", "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Key", Convert.ToBase64String(new byte[16]), "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Key", Convert.ToBase64String(new byte[31]), "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Key", Convert.ToBase64String(new byte[33]), "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Key", "", "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "Gateway:Encryption:Keys:1:Key must be base64 of exactly 32 bytes." },
        { "Keys:1:Id", "", "Gateway:Encryption:Keys:1:Id must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'." },
        { "Keys:1:Id", "two words", "Gateway:Encryption:Keys:1:Id must be 1 to 64" },
        { "Keys:1:Id", "a/b", "Gateway:Encryption:Keys:1:Id must be 1 to 64" },
        { "Keys:1:Id", "clé", "Gateway:Encryption:Keys:1:Id must be 1 to 64" },
        { "Keys:1:Id", "k\"1", "Gateway:Encryption:Keys:1:Id must be 1 to 64" },
        { "Keys:1:Id", new string('k', 65), "Gateway:Encryption:Keys:1:Id must be 1 to 64" },
        { "Keys:1:Id", "2026-11", "Gateway:Encryption:Keys:1:Id is the same as Gateway:Encryption:Keys:0:Id; key ids must be unique." },
        { "MaxEnvelopeBytes", "1023", "Gateway:Encryption:MaxEnvelopeBytes must be between 1024 and 268435456; it is 1023." },
        { "MaxEnvelopeBytes", "268435457", "Gateway:Encryption:MaxEnvelopeBytes must be between 1024 and 268435456" },
    };

    [Fact]
    public void Valid_ring_binds_in_order()
    {
        var settings = ValidSettings();
        settings["Gateway:Encryption:Keys:1:Id"] = new string('k', 64);
        settings["Gateway:Encryption:MaxEnvelopeBytes"] = "4096";

        var encryption = Resolve(settings);

        Assert.Equal(["2026-11", new string('k', 64)], encryption.KeyIds);
    }

    [Fact]
    public void No_section_is_valid_and_leaves_encryption_unavailable()
    {
        var encryption = Resolve([]);

        Assert.Empty(encryption.KeyIds);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_setting_is_refused_naming_the_key(string key, string value, string expected)
    {
        var settings = ValidSettings();
        settings["Gateway:Encryption:" + key] = value;

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_never_contain_a_key_even_one_pasted_into_the_id()
    {
        var shortKey = Convert.ToBase64String(KeyRings.NewKey()[..31]);
        var settings = ValidSettings();
        settings["Gateway:Encryption:Keys:1:Key"] = shortKey;
        settings["Gateway:Encryption:Keys:1:Id"] = Key0;

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Equal(2, error.Failures.Count());
        Assert.DoesNotContain(shortKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key0, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key0[..16], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructing_directly_applies_the_same_checks()
    {
        var options = new PayloadEncryptionOptions();
        options.Keys.Add(new PayloadKeyOptions { Id = "k1", Key = "short" });

        var error = Assert.Throws<OptionsValidationException>(() => new PayloadEncryption(Options.Create(options)));

        Assert.Contains("Gateway:Encryption:Keys:0:Key must be base64 of exactly 32 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_ring_stops_the_host_from_starting()
    {
        var settings = ValidSettings();
        settings["Gateway:Encryption:Keys:1:Id"] = "2026-11";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTollgatePayloadEncryption(builder.Configuration);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Gateway:Encryption:Keys:1:Id is the same as Gateway:Encryption:Keys:0:Id", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Gateway:Encryption:Keys:0:Id"] = "2026-11",
        ["Gateway:Encryption:Keys:0:Key"] = Key0,
        ["Gateway:Encryption:Keys:1:Id"] = "2026-05",
        ["Gateway:Encryption:Keys:1:Key"] = Key1,
    };

    private static PayloadEncryption Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddTollgatePayloadEncryption(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<PayloadEncryption>();
    }
}
