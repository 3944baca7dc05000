using System.Text.Json;

namespace Tollgate.Upstream;

/// <summary>The two endpoints, as <see cref="RequestDelegate"/>s: no model binding, no serializer on the hot path.</summary>
internal static class UpstreamHandlers
{
    private static readonly byte[] Hello = """{"message":"hello","service":"upstream"}"""u8.ToArray();
    private static readonly byte[] Accepted = """{"accepted":true,"service":"upstream"}"""u8.ToArray();

    /// <summary>GET /hello: a small JSON object.</summary>
    public static Task HelloAsync(HttpContext context) => WriteAsync(context.Response, StatusCodes.Status200OK, Hello);

    /// <summary>POST /echo: parses the whole JSON body (400 if it is not JSON), then answers a small JSON object.</summary>
    public static async Task EchoAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await WriteAsync(context.Response, StatusCodes.Status200OK, Accepted);
    }

    private static Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
