using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what request-body schema validation needs.</summary>
public static class SchemaValidationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SchemaValidationOptions"/> from <c>Gateway:Validation</c> of <paramref name="configuration"/>,
    /// validated at start-up (a limit out of range stops the start with a message naming the key), and adds problem
    /// details, in which refusals are written. Pair with <c>UseTollgateSchemaValidation</c>.
    /// </summary>
    public static IServiceCollection AddTollgateSchemaValidation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SchemaValidationOptions>()
            .Bind(configuration.GetSection(SchemaValidationOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchemaValidationOptions>, SchemaValidationOptionsValidator>());
        services.AddProblemDetails();
        return services;
    }
}
