using Microsoft.AspNetCore.OpenApi;
using Tollgate.Server.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAPI document.</summary>
public static class OpenApiServiceCollectionExtensions
{
    /// <summary>Adds the <c>v1</c> OpenAPI document, describing stored events with their real JSON shape and how to authenticate.</summary>
    public static IServiceCollection AddTollgateOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<AuditEventSchemaTransformer>();
            options.AddDocumentTransformer<SecuritySchemesTransformer>();
            options.AddOperationTransformer<SecuritySchemesTransformer>();
            options.CreateSchemaReferenceId = info => info.Type == typeof(AuditEventInputSchema)
                ? "AuditEventInput"
                : OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        });
        return services;
    }
}
