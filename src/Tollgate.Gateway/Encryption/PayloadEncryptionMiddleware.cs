using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Routing;
using Tollgate.Gateway.Validation;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// Applies a route's <see cref="GatewayRoutePolicy.Encryption"/>: decrypts envelope request bodies into the plain JSON
/// the upstream reads, and encrypts the upstream's response bodies into envelopes.
/// </summary>
/// <remarks>
/// <para>
/// Only what the upstream answered is encrypted: YARP chose a destination (<see cref="IReverseProxyFeature.ProxiedDestination"/>)
/// and reported no error. The gateway's own answers (a refused envelope, a schema violation, a missing credential) go
/// out in clear, because a client must be able to read why it was refused even when it cannot decrypt, and they hold
/// nothing of the upstream's. On a forwarder error nothing buffered is sent (it could be part of the upstream's
/// plaintext): the status is the forwarder's and the body is written by the step before this one.
/// </para>
/// <para>
/// Responses are buffered whole (up to <see cref="PayloadEncryptionOptions.MaxEnvelopeBytes"/> of plaintext, else 502),
/// so encrypted routes do not stream. Range requests are dropped before the upstream sees them, and the upstream must
/// not be asked for compression (the gateway's upstream headers clear Accept-Encoding on these routes): a compressed or
/// partial response is answered 502 rather than encrypted. A response without a body (1xx, 204, 304, HEAD, or empty)
/// passes through untouched.
/// </para>
/// </remarks>
internal sealed class PayloadEncryptionMiddleware(
    RequestDelegate next,
    PayloadEncryption encryption,
    IOptions<PayloadEncryptionOptions> options,
    IProblemDetailsService problems,
    ILogger<PayloadEncryptionMiddleware> logger)
{
    /// <summary>Headers that describe the plaintext's bytes: wrong for the envelope, and digests would let anyone confirm a guess of it.</summary>
    private static readonly string[] PlaintextHeaders = ["Content-MD5", "Content-Digest", "Repr-Digest", "Digest", HeaderNames.AcceptRanges];

    private readonly int maxEnvelopeBytes = options.Value.MaxEnvelopeBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var policy = context.Features.Get<IGatewayRouteFeature>()?.Policy;
        return policy is null || policy.Encryption == PayloadEncryptionMode.None ? next(context) : ApplyAsync(context, policy);
    }

    private async Task ApplyAsync(HttpContext context, GatewayRoutePolicy policy)
    {
        if ((policy.Encryption & PayloadEncryptionMode.Request) != 0 && RequestBodyReader.HasBody(context.Request)
            && !await TryDecryptRequestAsync(context))
        {
            return;
        }

        if ((policy.Encryption & PayloadEncryptionMode.Response) == 0)
        {
            await next(context);
            return;
        }

        await EncryptResponseAsync(context, policy);
    }

    /// <summary>True when the body was replaced by its plaintext; otherwise the refusal has been written.</summary>
    private async Task<bool> TryDecryptRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (EnvelopeMediaTypeProblem(request) is { } mediaTypeProblem)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, GatewayProblemTypes.UnsupportedMediaType,
                "Unsupported media type", mediaTypeProblem);
            return false;
        }

        if (request.ContentLength > maxEnvelopeBytes)
        {
            await RefuseAsync(context, PayloadDecryptionError.EnvelopeTooLarge);
            return false;
        }

        var (envelope, length) = await RequestBodyReader.ReadAsync(request, maxEnvelopeBytes, context.RequestAborted);
        byte[]? plaintext;
        PayloadDecryptionError error;
        try
        {
            if (length > maxEnvelopeBytes)
            {
                error = PayloadDecryptionError.EnvelopeTooLarge;
                plaintext = null;
            }
            else
            {
                encryption.TryDecrypt(envelope.AsSpan(0, length), out plaintext, out error);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(envelope);
        }

        if (plaintext is null)
        {
            await RefuseAsync(context, error);
            return false;
        }

        var body = new PlaintextRequestBody(plaintext);
        context.Response.RegisterForDispose(body);
        RequestBodyReader.Replace(request, body);
        request.ContentType = "application/json";
        return true;
    }

    private async Task EncryptResponseAsync(HttpContext context, GatewayRoutePolicy policy)
    {
        // A partial response cannot be encrypted as a whole, and the client could not put encrypted parts together.
        context.Request.Headers.Remove(HeaderNames.Range);
        context.Request.Headers.Remove(HeaderNames.IfRange);
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var buffered = new BufferedResponseBody(context.Response, maxEnvelopeBytes);
        context.Features.Set<IHttpResponseBodyFeature>(buffered);
        try
        {
            try
            {
                await next(context);
                await buffered.FlushWriterAsync(context.RequestAborted);
            }
            finally
            {
                context.Features.Set(original);
            }

            await SendAsync(context, policy, buffered);
        }
        finally
        {
            buffered.Release();
        }
    }

    private async Task SendAsync(HttpContext context, GatewayRoutePolicy policy, BufferedResponseBody buffered)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is not null)
        {
            return;
        }

        var response = context.Response;
        var fromUpstream = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is not null;
        var reason = buffered.Overflowed ? $"its body is larger than the {maxEnvelopeBytes} bytes the gateway encrypts"
            : !fromUpstream || !HasBody(context, buffered) ? null
            : response.Headers.ContentEncoding.Count > 0 && !response.Headers.ContentEncoding.ToString().Equals("identity", StringComparison.OrdinalIgnoreCase)
                ? $"it is compressed ({response.Headers.ContentEncoding})"
            : response.StatusCode == StatusCodes.Status206PartialContent ? "it is a partial (206) response"
            : encryption.KeyIds.Count == 0 ? "no payload encryption key is configured"
            : null;
        if (reason is not null)
        {
            PayloadEncryptionLog.ResponseNotEncrypted(logger, response.StatusCode, policy.RouteId, reason);
            response.Clear();
            await WriteProblemAsync(context, StatusCodes.Status502BadGateway, GatewayProblemTypes.ResponseEncryptionFailed,
                "Response encryption failed", "The service's response could not be encrypted for this route, so it was not sent.");
            return;
        }

        if (!fromUpstream || !HasBody(context, buffered))
        {
            if (!buffered.Content.IsEmpty)
            {
                await response.Body.WriteAsync(buffered.Content, context.RequestAborted);
            }

            return;
        }

        var envelope = encryption.Encrypt(buffered.Content.Span);
        foreach (var header in PlaintextHeaders)
        {
            response.Headers.Remove(header);
        }

        response.ContentType = PayloadEncryption.MediaType;
        response.ContentLength = envelope.Length;
        await response.Body.WriteAsync(envelope, context.RequestAborted);
    }

    private static bool HasBody(HttpContext context, BufferedResponseBody buffered) =>
        !buffered.Content.IsEmpty
        && context.Response.StatusCode is >= 200 and not StatusCodes.Status204NoContent and not StatusCodes.Status304NotModified
        && !HttpMethods.IsHead(context.Request.Method);

    /// <summary>Null when the request declares an envelope; otherwise what to send instead.</summary>
    private static string? EnvelopeMediaTypeProblem(HttpRequest request)
    {
        const string Send = "This route takes encrypted request bodies: send the envelope (docs/encryption.md) with Content-Type: "
            + PayloadEncryption.MediaType;
        if (request.Headers.ContentEncoding.Count > 0 && !request.Headers.ContentEncoding.ToString().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Send + ", without Content-Encoding.";
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return Send + (string.IsNullOrEmpty(request.ContentType) ? "; the request has no Content-Type." : "; the Content-Type is not a valid media type.");
        }

        if (!contentType.MediaType.Equals(PayloadEncryption.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return $"{Send}; got {contentType.MediaType}.";
        }

        return contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? $"{Send}, in UTF-8; got charset {contentType.Charset}."
            : null;
    }

    private Task RefuseAsync(HttpContext context, PayloadDecryptionError error)
    {
        var (status, type, title) = error switch
        {
            PayloadDecryptionError.EnvelopeTooLarge => (StatusCodes.Status413PayloadTooLarge, GatewayProblemTypes.PayloadTooLarge, "Payload too large"),
            PayloadDecryptionError.UnknownKey => (StatusCodes.Status400BadRequest, GatewayProblemTypes.UnknownEncryptionKey, "Unknown encryption key"),
            PayloadDecryptionError.AuthenticationFailed => (StatusCodes.Status400BadRequest, GatewayProblemTypes.DecryptionFailed, "Decryption failed"),
            _ => (StatusCodes.Status400BadRequest, GatewayProblemTypes.MalformedEnvelope, "Malformed encrypted envelope"),
        };
        return RefuseAsync(context, status, type, title, error.GetMessage());
    }

    private Task RefuseAsync(HttpContext context, int status, string type, string title, string detail)
    {
        PayloadEncryptionLog.RequestRefused(logger, status, type);
        return WriteProblemAsync(context, status, type, title, detail);
    }

    private async Task WriteProblemAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The client accepts no JSON: the status and a line of text still say why.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(detail, context.RequestAborted);
        }
    }
}
