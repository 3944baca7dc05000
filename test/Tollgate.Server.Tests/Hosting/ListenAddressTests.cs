using Microsoft.Extensions.Configuration;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Fact]
    public void Default_is_loopback_port_5080() =>
        Assert.Equal("http://127.0.0.1:5080", ListenAddress.Resolve(Configuration()));

    [Fact]
    public void Port_variable_binds_loopback_on_that_port() =>
        Assert.Equal("http://127.0.0.1:8123", ListenAddress.Resolve(Configuration(("PORT", "8123"))));

    [Theory]
    [InlineData("urls", "http://0.0.0.0:9000")]
    [InlineData("http_ports", "9000")]
    public void Explicit_urls_win(string key, string value) =>
        Assert.Null(ListenAddress.Resolve(Configuration((key, value), ("PORT", "8123"))));

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("http")]
    [InlineData("-1")]
    public void Invalid_port_stops_the_start_naming_PORT(string port)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ListenAddress.Resolve(Configuration(("PORT", port))));
        Assert.Contains("PORT", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
