using System.Net;
using System.Text;
using Tollgate.Gateway.Validation;

namespace Tollgate.Gateway.Tests.Validation;

public sealed class RequestSchemaValidationMiddlewareTests(SchemaValidationServer server) : IClassFixture<SchemaValidationServer>
{
    private const string ValidOrder = """{"customer":"ada","items":[{"sku":"A-1","qty":2}]}""";

    [Fact]
    public async Task Conforming_body_reaches_the_upstream_byte_for_byte_with_its_content_length()
    {
        // Whitespace, escapes and multi-byte text that a re-serialisation would change.
        var body = Encoding.UTF8.GetBytes("{ \"customer\" : \"caf\\u00e9 ☕\",\n\t\"items\" : [ ] , \"priority\":\"low\" }");

        using var response = await PostAsync("/orders", Upstream.Body(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Upstream.WasCalled(response));
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Upstream.Received(response, Upstream.ContentLengthHeader));
    }

    [Fact]
    public async Task Chunked_conforming_body_reaches_the_upstream_with_a_content_length_instead()
    {
        var body = Encoding.UTF8.GetBytes(ValidOrder);

        using var response = await PostAsync("/orders", Upstream.Body(body, chunked: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Upstream.Received(response, Upstream.ContentLengthHeader));
        Assert.Equal("", Upstream.Received(response, Upstream.TransferEncodingHeader));
    }

    [Fact]
    public async Task Lists_every_violation_with_its_json_pointer_and_never_calls_the_upstream()
    {
        const string Body = """
            {"note":"far too long","priority":"urgent","items":[{"sku":"A","qty":11},{"sku":7,"qty":"2"},{"qty":1}],"gift":true,"a/b~c":"x"}
            """;

        using var response = await PostAsync("/orders", Upstream.Body(Encoding.UTF8.GetBytes(Body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(GatewayProblemTypes.SchemaValidationFailed, Problems.Type(problem));
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equivalent(
            new[]
            {
                ("/customer", "is required"),
                ("/note", "must be at most 5 characters long"),
                ("/priority", "must be one of \"low\", \"high\""),
                ("/items/0/qty", "must be at most 10"),
                ("/items/1/sku", "must be a string"),
                ("/items/1/qty", "must be an integer"),
                ("/items/2/sku", "is required"),
                ("/gift", "is not allowed: the schema lists every member this object may have"),
                ("/a~1b~0c", "must be an integer"),
            },
            Problems.Errors(problem),
            strict: true);
    }

    [Fact]
    public async Task Lists_at_most_max_errors_and_says_how_many_there_were()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"sku":1,"qty":1}""", SchemaValidationServer.MaxErrors + 2));

        using var response = await PostAsync("/orders", Upstream.Body(Encoding.UTF8.GetBytes($$"""{"customer":"ada","items":[{{items}}]}""")));

        var problem = await Problems.ReadAsync(response);
        Assert.Equal(SchemaValidationServer.MaxErrors, Problems.Errors(problem).Count);
        Assert.Contains($"in {SchemaValidationServer.MaxErrors + 2} places", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"customer":"ada","items":[}""")]
    [InlineData("""{"customer":"ada","items":[]} trailing""")]
    [InlineData("""{"customer":"ada","items":[], /* a comment */ "note":"x"}""")]
    [InlineData("""{'customer':'ada','items':[]}""")]
    public async Task Body_that_is_not_json_is_refused_with_one_error_at_the_root(string body)
    {
        using var response = await PostAsync("/orders", Upstream.Body(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(GatewayProblemTypes.SchemaValidationFailed, Problems.Type(problem));
        var (pointer, message) = Assert.Single(Problems.Errors(problem));
        Assert.Equal("", pointer);
        Assert.StartsWith("is not valid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_member_is_refused_at_its_pointer()
    {
        using var response = await PostAsync("/orders", Upstream.Body("""{"customer":"ada","items":[],"customer":"eve"}"""u8.ToArray()));

        var problem = await Problems.ReadAsync(response);
        Assert.Equal(("/customer", "appears more than once in its object; member names must be unique"), Assert.Single(Problems.Errors(problem)));
        Assert.False(Upstream.WasCalled(response));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Empty_body_is_refused_as_missing(bool chunked)
    {
        using var response = await PostAsync("/orders", Upstream.Body([], chunked: chunked));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(GatewayProblemTypes.SchemaValidationFailed, Problems.Type(problem));
        Assert.Equal(("", "is required: the request has no body"), Assert.Single(Problems.Errors(problem)));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData(null)]
    public async Task Body_that_is_not_declared_utf8_json_is_refused_with_415(string? contentType)
    {
        using var response = await PostAsync("/orders", Upstream.Body(Encoding.UTF8.GetBytes(ValidOrder), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(GatewayProblemTypes.UnsupportedMediaType, Problems.Type(problem));
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compressed_body_is_refused_with_415()
    {
        using var content = Upstream.Body(Encoding.UTF8.GetBytes(ValidOrder));
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await PostAsync("/orders", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/merge-patch+json")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task Any_json_media_type_is_validated(string contentType)
    {
        using var response = await PostAsync("/orders", Upstream.Body(Encoding.UTF8.GetBytes(ValidOrder), contentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Upstream.WasCalled(response));
    }

    [Theory]
    [InlineData(SchemaValidationServer.MaxBodyBytes - 1, false)]
    [InlineData(SchemaValidationServer.MaxBodyBytes, false)]
    [InlineData(SchemaValidationServer.MaxBodyBytes, true)]
    public async Task Body_up_to_the_limit_is_validated_and_passed_on(int size, bool chunked)
    {
        var body = OrderOfSize(size);

        using var response = await PostAsync("/orders", Upstream.Body(body, chunked: chunked));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(SchemaValidationServer.MaxBodyBytes + 1, false)]
    [InlineData(SchemaValidationServer.MaxBodyBytes + 1, true)]
    [InlineData(SchemaValidationServer.MaxBodyBytes * 64, true)]
    public async Task Body_over_the_limit_is_refused_with_413(int size, bool chunked)
    {
        using var response = await PostAsync("/orders", Upstream.Body(OrderOfSize(size), chunked: chunked));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        Assert.Equal(GatewayProblemTypes.PayloadTooLarge, Problems.Type(await Problems.ReadAsync(response)));
    }

    [Fact]
    public async Task Methods_without_a_schema_pass_through_unread()
    {
        using var client = server.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/orders") { Content = Upstream.Body("not json"u8.ToArray(), "text/plain") };

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("not json"u8.ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/open")]
    [InlineData("/no-route")]
    public async Task Requests_of_routes_without_schemas_pass_through_unread(string path)
    {
        using var response = await PostAsync(path, Upstream.Body("not json"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("not json"u8.ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Any_method_schema_checks_a_body_sent_with_delete()
    {
        using var client = server.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/any") { Content = Upstream.Body("""{"items":[]}"""u8.ToArray()) };

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("/customer", "is required"), Assert.Single(Problems.Errors(await Problems.ReadAsync(response))));
    }

    [Fact]
    public async Task Any_method_schema_lets_a_get_without_body_through()
    {
        using var client = server.Host.CreateClient();

        using var response = await client.GetAsync(new Uri("/any", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Upstream.WasCalled(response));
    }

    [Fact]
    public async Task Any_method_schema_refuses_a_post_without_body()
    {
        using var response = await PostAsync("/any", Upstream.Body([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
    }

    [Fact]
    public async Task Refusal_is_plain_text_for_a_client_that_accepts_no_json()
    {
        using var client = server.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = Upstream.Body("""{"items":[]}"""u8.ToArray()) };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON Schema", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.False(Upstream.WasCalled(response));
    }

    /// <summary>A valid order of exactly <paramref name="size"/> bytes, padded in its comment.</summary>
    private static byte[] OrderOfSize(int size)
    {
        const string Start = """{"customer":"ada","items":[],"comment":" """;
        const string End = "\"}";
        return Encoding.UTF8.GetBytes(Start + new string('x', size - Start.Length - End.Length) + End);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content)
    {
        using var client = server.Host.CreateClient();
        using (content)
        {
            return await client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        }
    }
}
