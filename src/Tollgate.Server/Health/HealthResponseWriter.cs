using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tollgate.Server.Health;

/// <summary>Writes a health report as <c>{"status":"healthy","checks":{"audit-store":"healthy"}}</c>.</summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", Name(report.Status));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteString(name, Name(entry.Status));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
