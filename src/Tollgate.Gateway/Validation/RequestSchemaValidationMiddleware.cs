using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Gateway.Routing;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// Refuses request bodies that break the route's JSON Schema before the upstream sees them: 415 for a body that is
/// not UTF-8 JSON, 413 past <see cref="SchemaValidationOptions.MaxBodyBytes"/>, 400 with every violation otherwise.
/// A conforming body is passed on as the exact bytes received, from memory, with its Content-Length.
/// </summary>
internal sealed class RequestSchemaValidationMiddleware(
    RequestDelegate next,
    IOptionsMonitor<SchemaValidationOptions> options,
    IProblemDetailsService problems,
    ILogger<RequestSchemaValidationMiddleware> logger)
{
    private const string InvalidTitle = "Request body is invalid";

    public Task InvokeAsync(HttpContext context)
    {
        var schema = context.Features.Get<IGatewayRouteFeature>()?.Policy.Schemas?.Find(context.Request);
        return schema is null ? next(context) : ValidateAsync(context, schema);
    }

    private async Task ValidateAsync(HttpContext context, RequestSchema schema)
    {
        var limits = options.CurrentValue;
        var request = context.Request;
        if (!RequestBodyReader.HasBody(request))
        {
            await RefuseMissingAsync(context, schema);
            return;
        }

        if (JsonMediaTypeProblem(request) is { } mediaTypeProblem)
        {
            await RefuseAsync(context, schema, StatusCodes.Status415UnsupportedMediaType, GatewayProblemTypes.UnsupportedMediaType,
                "Unsupported media type", mediaTypeProblem);
            return;
        }

        if (request.ContentLength > limits.MaxBodyBytes)
        {
            await RefuseTooLargeAsync(context, schema, limits.MaxBodyBytes);
            return;
        }

        // A body already in memory (decrypted by the step before) is validated where it is, not copied again.
        if (request.Body is MemoryStream { Position: 0 } memory && memory.TryGetBuffer(out var buffered))
        {
            if (buffered.Count > limits.MaxBodyBytes)
            {
                await RefuseTooLargeAsync(context, schema, limits.MaxBodyBytes);
            }
            else if (await CheckAsync(context, schema, buffered, limits))
            {
                await next(context);
            }

            return;
        }

        var (rented, length) = await RequestBodyReader.ReadAsync(request, limits.MaxBodyBytes, context.RequestAborted);
        byte[] body;
        try
        {
            if (length > limits.MaxBodyBytes)
            {
                await RefuseTooLargeAsync(context, schema, limits.MaxBodyBytes);
                return;
            }

            var segment = new ArraySegment<byte>(rented, 0, length);
            if (!await CheckAsync(context, schema, segment, limits))
            {
                return;
            }

            body = segment.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        RequestBodyReader.Replace(request, new MemoryStream(body, 0, body.Length, writable: false, publiclyVisible: true));
        await next(context);
    }

    /// <summary>True when <paramref name="body"/> conforms; otherwise the refusal has been written.</summary>
    private async Task<bool> CheckAsync(HttpContext context, RequestSchema schema, ArraySegment<byte> body, SchemaValidationOptions limits)
    {
        if (body.Count == 0)
        {
            await RefuseMissingAsync(context, schema);
            return false;
        }

        if (!JsonBodyParser.TryParse(body, limits.MaxDepth, out var json, out var unreadable))
        {
            await RefuseAsync(context, schema, StatusCodes.Status400BadRequest, GatewayProblemTypes.SchemaValidationFailed, InvalidTitle,
                "The request body is not JSON the gateway can check; errors says where.", [unreadable]);
            return false;
        }

        ICollection<NJsonSchema.Validation.ValidationError> errors;
        try
        {
            errors = schema.Validate(json);
        }
        catch (RegexMatchTimeoutException)
        {
            await RefuseAsync(context, schema, StatusCodes.Status400BadRequest, GatewayProblemTypes.SchemaValidationFailed, InvalidTitle,
                "A string in the request body took too long to match a pattern of the route's JSON Schema, so the body was refused unchecked.");
            return false;
        }

        if (errors.Count == 0)
        {
            return true;
        }

        var violations = SchemaViolations.Describe(errors, limits.MaxErrors, out var total);
        var detail = total == violations.Count
            ? $"The request body breaks the route's JSON Schema in {Places(total)}; errors lists each with its JSON Pointer."
            : $"The request body breaks the route's JSON Schema in {Places(total)}; errors lists the first {violations.Count}.";
        await RefuseAsync(context, schema, StatusCodes.Status400BadRequest, GatewayProblemTypes.SchemaValidationFailed, InvalidTitle, detail,
            violations, total);
        return false;
    }

    private static string Places(int count) => count == 1 ? "1 place" : count.ToString(CultureInfo.InvariantCulture) + " places";

    /// <summary>Null when the request declares UTF-8 JSON (application/json or a +json type); otherwise what to send instead.</summary>
    private static string? JsonMediaTypeProblem(HttpRequest request)
    {
        const string Send = "This route validates JSON request bodies: send Content-Type: application/json (or a +json media type), in UTF-8";
        if (request.Headers.ContentEncoding.Count > 0 && !request.Headers.ContentEncoding.ToString().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Send + ", without Content-Encoding.";
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return Send + (string.IsNullOrEmpty(request.ContentType) ? "; the request has no Content-Type." : "; the Content-Type is not a valid media type.");
        }

        var mediaType = contentType.MediaType;
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            return $"{Send}; got {mediaType}.";
        }

        var charset = contentType.Charset;
        return charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? $"{Send}; got charset {charset}."
            : null;
    }

    private Task RefuseMissingAsync(HttpContext context, RequestSchema schema) =>
        RefuseAsync(context, schema, StatusCodes.Status400BadRequest, GatewayProblemTypes.SchemaValidationFailed, InvalidTitle,
            $"{schema.Method} requests to this route must carry a JSON body that matches its schema.",
            [new SchemaViolation("", "is required: the request has no body")]);

    private Task RefuseTooLargeAsync(HttpContext context, RequestSchema schema, int limit) =>
        RefuseAsync(context, schema, StatusCodes.Status413PayloadTooLarge, GatewayProblemTypes.PayloadTooLarge, "Payload too large",
            $"The request body is larger than the {limit} bytes the gateway reads to validate it.");

    private async Task RefuseAsync(
        HttpContext context,
        RequestSchema schema,
        int status,
        string type,
        string title,
        string detail,
        List<SchemaViolation>? violations = null,
        int? total = null)
    {
        SchemaValidationLog.BodyRefused(logger, context.Request.Method, schema.Path, status, type, total ?? violations?.Count ?? 0);
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (violations is not null)
        {
            problem.Extensions["errors"] = violations;
        }

        context.Response.StatusCode = status;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The client accepts no JSON: the status and a line of text still say why.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(detail, context.RequestAborted);
        }
    }
}
