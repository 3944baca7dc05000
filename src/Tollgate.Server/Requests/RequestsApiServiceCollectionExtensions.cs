using Microsoft.Extensions.DependencyInjection.Extensions;
using Tollgate.Server.Requests;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the requests HTTP API's services.</summary>
public static class RequestsApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ingestion service of reported requests, its redaction, and <see cref="TimeProvider.System"/> unless a
    /// time provider is already registered. Needs an <c>IRequestStore</c>, e.g. <c>AddTollgateSqliteStorage</c>.
    /// </summary>
    public static IServiceCollection AddTollgateRequestsApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReportedRequestRedactor>();
        services.TryAddSingleton<RequestIngestion>();
        return services;
    }
}
