using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Tollgate.Core.Audit;
using Tollgate.Server.Audit.Json;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// Gives the types written by custom converters (stored events and event details, which splice stored JSON) the
/// schema of what is actually written, taken from their describing types.
/// </summary>
internal sealed class AuditEventSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Items is null && type != typeof(string) && typeof(IEnumerable<AuditEvent>).IsAssignableFrom(type))
        {
            // An array of converter-written items comes out without "items"; point it at the event schema.
            schema.Items = await context.GetOrCreateSchemaAsync(typeof(AuditEvent), null, cancellationToken);
            return;
        }

        var describedBy = type == typeof(AuditEvent) ? typeof(StoredAuditEventSchema)
            : type == typeof(AuditEventDetail) ? typeof(AuditEventDetailSchema)
            : null;
        if (describedBy is null)
        {
            return;
        }

        var shape = await context.GetOrCreateSchemaAsync(describedBy, null, cancellationToken);
        schema.Type = shape.Type;
        schema.Description = shape.Description;
        schema.Properties = shape.Properties;
        schema.Required = shape.Required;
    }
}
