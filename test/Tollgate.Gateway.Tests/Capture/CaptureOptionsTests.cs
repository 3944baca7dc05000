using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class CaptureOptionsTests
{
    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "MaxBodyBytes", "-1", "Gateway:Capture:MaxBodyBytes must be between 0 and 1048576; it is -1." },
        { "MaxBodyBytes", "1048577", "Gateway:Capture:MaxBodyBytes must be between 0 and 1048576; it is 1048577." },
        { "Mode", "7", "Gateway:Capture:Mode must be Metadata or Bodies; it is 7." },
        { "AllowedHeaders:0", "Bad Header", "Gateway:Capture:AllowedHeaders:0 must be an HTTP header name" },
        { "RedactHeaders:0", "X:Y", "Gateway:Capture:RedactHeaders:0 must be an HTTP header name" },
        { "RedactHeaders:0", new string('h', 129), "Gateway:Capture:RedactHeaders:0 must be an HTTP header name of 1 to 128" },
        { "RedactJsonFields:0", "__", "Gateway:Capture:RedactJsonFields:0 must be a name of 1 to 128 characters, not only '_' and '-'; it is '__'." },
        { "RedactJsonFields:0", " ", "Gateway:Capture:RedactJsonFields:0 must be a name" },
        { "RedactQueryParameters:0", new string('q', 129), "Gateway:Capture:RedactQueryParameters:0 must be a name" },
        { "RedactJsonPaths:0", "customer/email", "Gateway:Capture:RedactJsonPaths:0 must be a JSON pointer such as /customer/email or /items/*/card" },
        { "RedactJsonPaths:0", "/a/~2", "Gateway:Capture:RedactJsonPaths:0 must be a JSON pointer" },
        { "RedactJsonPaths:0", "/a~", "Gateway:Capture:RedactJsonPaths:0 must be a JSON pointer" },
        { "RedactJsonPaths:0", string.Concat(Enumerable.Repeat("/a", 33)), "Gateway:Capture:RedactJsonPaths:0 must be a JSON pointer" },
        { "RedactJsonPaths:0", "/" + new string('s', 129), "Gateway:Capture:RedactJsonPaths:0 must be a JSON pointer" },
    };

    [Fact]
    public void Defaults_capture_metadata_with_a_32_KiB_cap_and_detectors_on()
    {
        var policy = CapturePolicy.Create(new CaptureOptions());

        Assert.Equal(CaptureMode.Metadata, policy.Mode);
        Assert.Equal(32 * 1024, policy.MaxBodyBytes);
        Assert.True(policy.DetectSecrets);
        Assert.Equal(CaptureMode.Metadata, CapturePolicy.Default.Mode);
    }

    [Fact]
    public void Settings_bind_from_the_global_section()
    {
        var options = Resolve(new()
        {
            ["Gateway:Capture:Mode"] = "Bodies",
            ["Gateway:Capture:MaxBodyBytes"] = "4096",
            ["Gateway:Capture:DetectSecrets"] = "false",
            ["Gateway:Capture:AllowedHeaders:0"] = "X-Tenant",
            ["Gateway:Capture:RedactJsonPaths:0"] = "/customer/email",
        });

        var policy = CapturePolicy.Create(options);

        Assert.Equal(CaptureMode.Bodies, policy.Mode);
        Assert.Equal(4096, policy.MaxBodyBytes);
        Assert.False(policy.DetectSecrets);
        Assert.Equal(["X-Tenant"], options.AllowedHeaders);
        Assert.Equal("""{"customer":{"email":"[REDACTED]"}}""", Policies.Json("""{"customer":{"email":"a@b.c"}}""", policy));
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void An_invalid_setting_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Gateway:Capture:" + key] = value }));

        Assert.Contains(exception.Failures, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_names_keys_under_the_section_it_is_given()
    {
        var options = new CaptureOptions { MaxBodyBytes = -5 };
        options.RedactJsonPaths.Add("nope");

        var failures = options.Validate("Gateway:Routes:orders:Policy:Capture");

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Gateway:Routes:orders:Policy:Capture:MaxBodyBytes must be", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Gateway:Routes:orders:Policy:Capture:RedactJsonPaths:0 must be", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_invalid_options_with_the_messages()
    {
        var options = new CaptureOptions { MaxBodyBytes = -1 };

        var exception = Assert.Throws<ArgumentException>(() => CapturePolicy.Create(options));

        Assert.Contains("Gateway:Capture:MaxBodyBytes must be between 0 and 1048576", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_overrides_scalars_it_sets_and_adds_to_every_list()
    {
        var global = new CaptureOptions { Mode = CaptureMode.Bodies, MaxBodyBytes = 1000, DetectSecrets = false };
        global.AllowedHeaders.Add("X-Global");
        global.RedactJsonFields.Add("global_field");
        global.RedactJsonPaths.Add("/global");
        global.RedactQueryParameters.Add("gq");
        global.RedactHeaders.Add("X-Global-Secret");
        var route = new CaptureOptions { MaxBodyBytes = 2000 };
        route.AllowedHeaders.Add("X-Route");
        route.RedactJsonFields.Add("route_field");
        route.RedactJsonPaths.Add("/route");
        route.RedactQueryParameters.Add("rq");
        route.RedactHeaders.Add("X-Route-Secret");

        var merged = CaptureOptions.Merge(global, route);

        Assert.Equal(CaptureMode.Bodies, merged.Mode);
        Assert.Equal(2000, merged.MaxBodyBytes);
        Assert.False(merged.DetectSecrets);
        Assert.Equal(["X-Global", "X-Route"], merged.AllowedHeaders);
        Assert.Equal(["X-Global-Secret", "X-Route-Secret"], merged.RedactHeaders);
        Assert.Equal(["global_field", "route_field"], merged.RedactJsonFields);
        Assert.Equal(["/global", "/route"], merged.RedactJsonPaths);
        Assert.Equal(["gq", "rq"], merged.RedactQueryParameters);
        Assert.Equal(["X-Global"], global.AllowedHeaders);
        Assert.Equal(["X-Route"], route.AllowedHeaders);
    }

    [Fact]
    public void A_route_can_switch_capture_and_detectors_back_off_and_on()
    {
        var global = new CaptureOptions { Mode = CaptureMode.Bodies, DetectSecrets = false };

        var merged = CaptureOptions.Merge(global, new CaptureOptions { Mode = CaptureMode.Metadata, DetectSecrets = true });

        Assert.Equal(CaptureMode.Metadata, merged.Mode);
        Assert.True(merged.DetectSecrets);
    }

    [Fact]
    public void Without_route_settings_the_global_ones_apply()
    {
        var global = new CaptureOptions { Mode = CaptureMode.Bodies, MaxBodyBytes = 123 };
        global.RedactJsonFields.Add("f");

        var merged = CaptureOptions.Merge(global, null);
        var policy = CapturePolicy.Create(merged);

        Assert.Equal(CaptureMode.Bodies, policy.Mode);
        Assert.Equal(123, policy.MaxBodyBytes);
        Assert.Equal(["f"], merged.RedactJsonFields);
    }

    [Fact]
    public void A_route_section_binds_only_what_it_sets()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Capture:Mode"] = "Bodies",
            ["Gateway:Capture:MaxBodyBytes"] = "1000",
            ["Gateway:Capture:RedactJsonFields:0"] = "email",
            ["Gateway:Routes:orders:Policy:Capture:RedactJsonFields:0"] = "iban_note",
        }).Build();
        var global = configuration.GetSection(CaptureOptions.SectionName).Get<CaptureOptions>()!;
        var route = configuration.GetSection("Gateway:Routes:orders:Policy:Capture").Get<CaptureOptions>();

        var policy = CapturePolicy.Create(CaptureOptions.Merge(global, route));

        Assert.Equal(CaptureMode.Bodies, policy.Mode);
        Assert.Equal(1000, policy.MaxBodyBytes);
        Assert.Equal("""{"email":"[REDACTED]","iban_note":"[REDACTED]","password":"[REDACTED]"}""",
            Policies.Json("""{"email":"a","iban_note":"b","password":"c"}""", policy));
    }

    private static CaptureOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IValidateOptions<CaptureOptions>, CaptureOptionsValidator>()
            .Configure<CaptureOptions>(configuration.GetSection(CaptureOptions.SectionName))
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<CaptureOptions>>().Value;
    }
}
