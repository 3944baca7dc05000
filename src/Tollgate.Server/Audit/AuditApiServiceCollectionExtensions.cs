using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Server.Audit;
using Tollgate.Server.Audit.Json;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the audit HTTP APIs' services.</summary>
public static class AuditApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AuditApiOptions"/> (section <c>Audit</c>, validated at start-up), the ingestion service, the
    /// <see cref="TimeProvider.System"/> unless already registered, and the JSON
    /// converter that writes stored events. Needs an <c>IAuditEventStore</c>, e.g. <c>AddTollgateSqliteStorage</c>.
    /// </summary>
    public static IServiceCollection AddTollgateAuditApi(this IServiceCollection services)
    {
        services.AddOptions<AuditApiOptions>().BindConfiguration(AuditApiOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditApiOptions>, AuditApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditIngestion>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new AuditEventJsonConverter()));
        return services;
    }
}
