using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Tracing;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>
/// The middleware driven in process, with header values no HTTP/1.1 parser lets through (CR, LF, NUL, non-ASCII),
/// as another server or a future protocol decoder could hand them over.
/// </summary>
public sealed class RequestTracingPipelineTests
{
    [Theory]
    [InlineData("abc\r\nX-Evil: 1")]
    [InlineData("abc\nX-Evil: 1")]
    [InlineData("abc\rX-Evil: 1")]
    [InlineData("a\0b")]
    [InlineData("abé")]
    [InlineData("日本")]
    public async Task A_request_id_with_control_or_non_ascii_characters_is_replaced_and_never_echoed(string value)
    {
        var context = await RunAsync(value);

        var returned = context.Response.Headers[RequestIds.HeaderName].ToString();
        TraceParentAssert.IsGeneratedRequestId(returned);
        Assert.Equal(returned, context.TraceIdentifier);
        Assert.False(context.Response.Headers.ContainsKey("X-Evil"));
        Assert.All(context.Response.Headers, header => Assert.DoesNotContain(value, header.Value.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_headers_are_set_when_the_response_starts_after_the_pipeline_cleared_them()
    {
        var context = await RunAsync("client-1", clearHeaders: true);

        Assert.Equal("client-1", context.Response.Headers[RequestIds.HeaderName].ToString());
        Assert.Equal(context.Features.GetRequiredFeature<IRequestIdentityFeature>().TraceParent, context.Response.Headers.TraceParent.ToString());
    }

    private static async Task<HttpContext> RunAsync(string requestId, bool clearHeaders = false)
    {
        await using var services = new ServiceCollection().AddLogging().AddTollgateRequestTracing().BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseTollgateRequestTracing();
        app.Run(context =>
        {
            if (clearHeaders)
            {
                context.Response.Clear();
            }

            return Task.CompletedTask;
        });
        var pipeline = app.Build();

        var response = new StartableResponseFeature();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Headers[RequestIds.HeaderName] = requestId;
        context.Request.Headers[HeaderNames.TraceParent] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        await pipeline(context);
        await response.StartAsync();
        return context;
    }
}
