using Microsoft.OpenApi;

namespace Tollgate.Server.Audit;

/// <summary>Documents the <c>Idempotency-Key</c> header, which handlers read themselves to tell empty from absent.</summary>
internal static class IdempotencyKeyEndpointExtensions
{
    public static RouteHandlerBuilder WithIdempotencyKeyHeader(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKey.HeaderName,
                In = ParameterLocation.Header,
                Description = IdempotencyKey.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
            });
            return Task.CompletedTask;
        });
}
