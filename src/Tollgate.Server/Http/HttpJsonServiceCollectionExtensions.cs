using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Sets the JSON conventions of every Tollgate HTTP API.</summary>
public static class HttpJsonServiceCollectionExtensions
{
    /// <summary>
    /// Names members in snake_case (<c>event_id</c>, <c>next_cursor</c>), as the seeds' APIs do, and writes nulls
    /// rather than leaving members out, so every response has a fixed shape. Numbers are numbers, never strings.
    /// </summary>
    public static IServiceCollection AddTollgateHttpJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        return services;
    }
}
