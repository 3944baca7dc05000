using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class SchemaValidationOptionsTests
{
    [Fact]
    public void Defaults_are_one_mebibyte_depth_64_and_100_errors()
    {
        var options = Resolve([]);

        Assert.Equal((1024 * 1024, 64, 100), (options.MaxBodyBytes, options.MaxDepth, options.MaxErrors));
    }

    [Theory]
    [InlineData("MaxBodyBytes", "1023")]
    [InlineData("MaxBodyBytes", "268435457")]
    [InlineData("MaxDepth", "0")]
    [InlineData("MaxErrors", "1001")]
    public void Out_of_range_value_stops_the_start_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Gateway:Validation:" + key] = value }));

        Assert.Contains($"Gateway:Validation:{key} must be between", error.Message, StringComparison.Ordinal);
    }

    private static SchemaValidationOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddTollgateSchemaValidation(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SchemaValidationOptions>>().Value;
    }
}
