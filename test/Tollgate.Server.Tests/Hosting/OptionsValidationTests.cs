using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Hosting;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Audit:MaxJsonDepth", "0")]
    [InlineData("Audit:MaxBulkEvents", "0")]
    [InlineData("Audit:MaxBodyBytes", "10")]
    [InlineData("Audit:Limits:MaxEventBytes", "1")]
    public async Task Invalid_audit_option_stops_the_start_naming_the_key(string key, string value)
    {
        await using var factory = new TollgateFactory();
        var configured = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.Throws<OptionsValidationException>(() => configured.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
