using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Encryption;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Tests.Validation;
using Tollgate.Gateway.Validation;
using Tollgate.Testing;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Tests.Encryption;

public sealed class PayloadEncryptionMiddlewareTests : IAsyncLifetime
{
    private const int MaxEnvelopeBytes = 1024;
    private const string RangeHeader = "X-Upstream-Range";
    private static readonly byte[] Order = Encoding.UTF8.GetBytes("""{"customer":"café ☕","items":[{"sku":"A-1","qty":2}]}""");
    private static readonly byte[] NewKey = KeyRings.NewKey();
    private static readonly byte[] OldKey = KeyRings.NewKey();

    /// <summary>The client's copy of the gateway's ring: the new key encrypts, both decrypt.</summary>
    private readonly PayloadEncryption client = KeyRings.Create(("2026-11", NewKey), ("2026-05", OldKey));
    private RoutePipelineHost? host;

    public async ValueTask InitializeAsync()
    {
        using var directory = new TempDirectory("schemas-");
        var schemas = await RequestSchemaSet.LoadAsync(
            new Dictionary<string, string> { ["POST"] = Schemas.Write(directory, "order.json", Schemas.Order) }, directory.Path, TestContext.Current.CancellationToken);
        var policies = new Dictionary<string, GatewayRoutePolicy>
        {
            ["request"] = RoutePipelineHost.Policy("request", PayloadEncryptionMode.Request),
            ["response"] = RoutePipelineHost.Policy("response", PayloadEncryptionMode.Response),
            ["both"] = RoutePipelineHost.Policy("both", PayloadEncryptionMode.Both),
            ["validated"] = RoutePipelineHost.Policy("validated", PayloadEncryptionMode.Both, schemas),
            ["clear"] = RoutePipelineHost.Policy("clear"),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Encryption:MaxEnvelopeBytes"] = MaxEnvelopeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Encryption:Keys:0:Id"] = "2026-11",
            ["Gateway:Encryption:Keys:0:Key"] = Convert.ToBase64String(NewKey),
            ["Gateway:Encryption:Keys:1:Id"] = "2026-05",
            ["Gateway:Encryption:Keys:1:Key"] = Convert.ToBase64String(OldKey),
        }).Build();
        host = await RoutePipelineHost.StartAsync(
            policies,
            services => services.AddTollgatePayloadEncryption(configuration).AddTollgateSchemaValidation(configuration),
            app => app.UseTollgatePayloadEncryption().UseTollgateSchemaValidation(),
            UpstreamAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Round_trips_an_encrypted_request_and_response()
    {
        using var response = await SendAsync(HttpMethod.Post, "/both", Envelope(client.Encrypt(Order)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", Upstream.Received(response, Upstream.ContentTypeHeader));
        Assert.Equal(Order.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Upstream.Received(response, Upstream.ContentLengthHeader));
        Assert.Equal(Order, await DecryptAsync(response));
    }

    [Fact]
    public async Task Request_direction_forwards_the_plaintext_and_answers_in_clear()
    {
        using var response = await SendAsync(HttpMethod.Post, "/request", Envelope(client.Encrypt(Order)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Order, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Response_direction_forwards_a_plain_request_and_encrypts_the_answer()
    {
        using var response = await SendAsync(HttpMethod.Post, "/response", Upstream.Body(Order));

        Assert.Equal(Order, await DecryptAsync(response));
    }

    [Fact]
    public async Task Envelopes_under_the_old_key_still_decrypt_and_answers_use_the_new_key()
    {
        using var response = await SendAsync(HttpMethod.Post, "/both", Envelope(client.Encrypt(Order, "2026-05")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("2026-11", Envelopes.Member(envelope, "kid"));
        Assert.Equal(Order, await DecryptAsync(response));
    }

    [Theory]
    [InlineData("not an envelope", HttpStatusCode.BadRequest, GatewayProblemTypes.MalformedEnvelope)]
    [InlineData("bad base64", HttpStatusCode.BadRequest, GatewayProblemTypes.MalformedEnvelope)]
    [InlineData("wrong tag", HttpStatusCode.BadRequest, GatewayProblemTypes.DecryptionFailed)]
    [InlineData("altered ct", HttpStatusCode.BadRequest, GatewayProblemTypes.DecryptionFailed)]
    [InlineData("relabelled kid", HttpStatusCode.BadRequest, GatewayProblemTypes.DecryptionFailed)]
    [InlineData("unknown kid", HttpStatusCode.BadRequest, GatewayProblemTypes.UnknownEncryptionKey)]
    [InlineData("too large", HttpStatusCode.RequestEntityTooLarge, GatewayProblemTypes.PayloadTooLarge)]
    [InlineData("too large, chunked", HttpStatusCode.RequestEntityTooLarge, GatewayProblemTypes.PayloadTooLarge)]
    [InlineData("plain json", HttpStatusCode.UnsupportedMediaType, GatewayProblemTypes.UnsupportedMediaType)]
    [InlineData("no content type", HttpStatusCode.UnsupportedMediaType, GatewayProblemTypes.UnsupportedMediaType)]
    public async Task Refuses_a_bad_envelope_in_clear_without_calling_the_upstream(string @case, HttpStatusCode status, string type)
    {
        using var response = await SendAsync(HttpMethod.Post, "/both", BadRequestBody(@case));

        Assert.Equal(status, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(type, Problems.Type(problem));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var expectedDetail = type switch
        {
            GatewayProblemTypes.MalformedEnvelope => PayloadDecryptionError.MalformedEnvelope.GetMessage(),
            GatewayProblemTypes.DecryptionFailed => PayloadDecryptionError.AuthenticationFailed.GetMessage(),
            GatewayProblemTypes.UnknownEncryptionKey => PayloadDecryptionError.UnknownKey.GetMessage(),
            GatewayProblemTypes.PayloadTooLarge => PayloadDecryptionError.EnvelopeTooLarge.GetMessage(),
            _ => null,
        };
        if (expectedDetail is null)
        {
            Assert.Contains(PayloadEncryption.MediaType, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expectedDetail, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Request_without_a_body_passes_through()
    {
        using var response = await SendAsync(HttpMethod.Get, "/request", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Upstream.WasCalled(response));
    }

    [Fact]
    public async Task Gateway_refusal_after_decryption_is_answered_in_clear()
    {
        using var response = await SendAsync(HttpMethod.Post, "/validated", Envelope(client.Encrypt("""{"items":[]}"""u8)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        var problem = await Problems.ReadAsync(response);
        Assert.Equal(GatewayProblemTypes.SchemaValidationFailed, Problems.Type(problem));
        Assert.Equal(("/customer", "is required"), Assert.Single(Problems.Errors(problem)));
    }

    [Fact]
    public async Task Decrypted_body_is_validated_and_forwarded()
    {
        using var response = await SendAsync(HttpMethod.Post, "/validated", Envelope(client.Encrypt(Order)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Order, await DecryptAsync(response));
    }

    [Fact]
    public async Task Response_over_the_cap_is_answered_502_without_any_of_it()
    {
        using var response = await SendAsync(HttpMethod.Get, "/response?answer=big", content: null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(Upstream.WasCalled(response));
        Assert.Equal(GatewayProblemTypes.ResponseEncryptionFailed, Problems.Type(await Problems.ReadAsync(response)));
    }

    [Fact]
    public async Task Response_at_the_cap_is_encrypted()
    {
        using var response = await SendAsync(HttpMethod.Get, "/response?answer=full", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MaxEnvelopeBytes, (await DecryptAsync(response)).Length);
    }

    [Fact]
    public async Task Compressed_response_is_answered_502()
    {
        using var response = await SendAsync(HttpMethod.Get, "/response?answer=gzip", content: null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(GatewayProblemTypes.ResponseEncryptionFailed, Problems.Type(await Problems.ReadAsync(response)));
    }

    [Fact]
    public async Task Response_without_a_body_passes_untouched()
    {
        using var response = await SendAsync(HttpMethod.Get, "/both?answer=204", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(Upstream.WasCalled(response));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Head_response_passes_untouched()
    {
        using var response = await SendAsync(HttpMethod.Head, "/response", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Forwarder_error_sends_nothing_the_upstream_had_written()
    {
        using var response = await SendAsync(HttpMethod.Get, "/response?answer=broken", content: null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Range_requests_reach_the_upstream_as_whole_requests()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/response");
        request.Headers.Range = new RangeHeaderValue(0, 10);
        using var httpClient = host!.CreateClient();

        using var response = await httpClient.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", Upstream.Received(response, RangeHeader));
    }

    [Theory]
    [InlineData("/clear")]
    [InlineData("/no-route")]
    public async Task Routes_without_encryption_pass_bodies_as_they_are(string path)
    {
        var envelope = client.Encrypt(Order);

        using var response = await SendAsync(HttpMethod.Post, path, Envelope(envelope));

        Assert.Equal(PayloadEncryption.MediaType, Upstream.Received(response, Upstream.ContentTypeHeader));
        Assert.Equal(envelope, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Stands in for YARP's forwarder: marks the request as forwarded, as YARP does when it picks a destination, then
    /// answers as <c>?answer=</c> says; by default it echoes the request body back as JSON.
    /// </summary>
    private static async Task UpstreamAsync(HttpContext context)
    {
        context.Features.Set<IReverseProxyFeature>(new Forwarded());
        var response = context.Response;
        response.Headers[RangeHeader] = context.Request.Headers.Range.ToString();
        switch (context.Request.Query["answer"].ToString())
        {
            case "204":
                response.Headers[Upstream.CalledHeader] = "1";
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "big":
            case "full":
                response.Headers[Upstream.CalledHeader] = "1";
                response.ContentType = "application/json";
                var size = context.Request.Query["answer"] == "big" ? MaxEnvelopeBytes + 1 : MaxEnvelopeBytes;
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes("\"" + new string('x', size - 2) + "\""), context.RequestAborted);
                return;
            case "gzip":
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(new byte[] { 0x1f, 0x8b, 8, 0 }, context.RequestAborted);
                return;
            case "broken":
                await response.Body.WriteAsync("{\"secret\":"u8.ToArray(), context.RequestAborted);
                context.Features.Set<IForwarderErrorFeature>(new ForwarderFailure());
                response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            default:
                await Upstream.EchoAsync(context, "application/json");
                return;
        }
    }

    private static ByteArrayContent Envelope(byte[] envelope) => (ByteArrayContent)Upstream.Body(envelope, PayloadEncryption.MediaType);

    private HttpContent BadRequestBody(string @case)
    {
        var envelope = client.Encrypt(Order);
        return @case switch
        {
            "not an envelope" => Upstream.Body(Order, PayloadEncryption.MediaType),
            "bad base64" => Envelope(Envelopes.With(envelope, "iv", "!!!!!!!!!!!!!!!!")),
            "wrong tag" => Envelope(Envelopes.WithFlippedBit(envelope, "tag")),
            "altered ct" => Envelope(Envelopes.WithFlippedBit(envelope, "ct", 3)),
            "relabelled kid" => Envelope(Envelopes.With(envelope, "kid", "2026-05")),
            "unknown kid" => Envelope(KeyRings.Create(("retired", KeyRings.NewKey())).Encrypt(Order)),
            "too large" => Upstream.Body(new byte[MaxEnvelopeBytes + 1], PayloadEncryption.MediaType),
            "too large, chunked" => Upstream.Body(new byte[MaxEnvelopeBytes * 4], PayloadEncryption.MediaType, chunked: true),
            "plain json" => Upstream.Body(envelope, "application/json"),
            "no content type" => Upstream.Body(envelope, contentType: null),
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, null),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var httpClient = host!.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await httpClient.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The response's envelope, checked for its media type and length, decrypted.</summary>
    private async Task<byte[]> DecryptAsync(HttpResponseMessage response)
    {
        Assert.Equal(PayloadEncryption.MediaType, response.Content.Headers.ContentType?.MediaType);
        var envelope = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(envelope.Length, response.Content.Headers.ContentLength);
        Assert.True(client.TryDecrypt(envelope, out var plaintext, out var error), error.ToString());
        return plaintext;
    }

    private sealed class Forwarded : IReverseProxyFeature
    {
        public RouteModel Route => throw new NotSupportedException();

        public ClusterModel Cluster => throw new NotSupportedException();

        public IReadOnlyList<DestinationState> AllDestinations => [ProxiedDestination!];

        public IReadOnlyList<DestinationState> AvailableDestinations { get; set; } = [];

        public DestinationState? ProxiedDestination { get; set; } = new("upstream");
    }

    private sealed class ForwarderFailure : IForwarderErrorFeature
    {
        public ForwarderError Error => ForwarderError.ResponseBodyDestination;

        public Exception? Exception => new IOException("The upstream broke off.");
    }
}
