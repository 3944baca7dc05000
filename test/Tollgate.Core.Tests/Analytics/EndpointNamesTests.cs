using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Analytics;

public sealed class EndpointNamesTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "")]
    [InlineData("/orders", "/orders")]
    [InlineData("/orders/12345", "/orders/{id}")]
    [InlineData("/orders/12345/lines/7", "/orders/{id}/lines/{id}")]
    [InlineData("/users/0b7e6a7e-2f1c-4d1a-9a49-6f9d7a1b2c3d/", "/users/{id}/")]
    [InlineData("/blobs/deadbeefdeadbeef", "/blobs/{id}")]
    [InlineData("/tokens/tok_9aZ3kP0qLm2Xw8Yv1BcD", "/tokens/{id}")]
    [InlineData("/v2/orders", "/v2/orders")]
    [InlineData("/api/health-check", "/api/health-check")]
    [InlineData("/reports/quarterly-summary-report", "/reports/quarterly-summary-report")]
    [InlineData("//double//slash", "//double//slash")]
    public void Paths_fold_id_like_segments(string path, string expected) => Assert.Equal(expected, EndpointNames.Fold(path));

    [Fact]
    public void The_route_template_wins_over_the_path()
    {
        var record = Record("/orders/12") with { RouteTemplate = "/orders/{orderId}" };

        Assert.Equal("/orders/{orderId}", EndpointNames.Of(record));
        Assert.Equal("/orders/{id}", EndpointNames.Of(record with { RouteTemplate = "" }));
    }

    [Theory]
    [InlineData("/orders/{**rest}")]
    [InlineData("/orders/{*rest}")]
    public void A_catch_all_template_groups_by_the_folded_path(string template) =>
        Assert.Equal("/orders/{id}/lines", EndpointNames.Of(Record("/orders/991/lines") with { RouteTemplate = template }));

    [Fact]
    public void Long_endpoints_are_capped()
    {
        var endpoint = EndpointNames.Of(Record("/" + new string('x', 1_000)));

        Assert.Equal(EndpointNames.MaxLength, endpoint.Length);
        Assert.EndsWith("…", endpoint, StringComparison.Ordinal);
    }

    private static RequestRecord Record(string path) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = "t",
        Timestamp = DateTimeOffset.UnixEpoch,
        Service = "svc",
        Method = "GET",
        Path = path,
        Status = 200,
        DurationMicroseconds = 1,
    };
}
