using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the analytics HTTP API's services.</summary>
public static class AnalyticsApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the analytics engine (<see cref="RequestAnalytics"/>) and <see cref="TimeProvider.System"/> unless a time
    /// provider is already registered. Needs an <see cref="IRequestRollupStore"/> and the bound <see cref="RollupOptions"/>,
    /// which every store's registration (e.g. <c>AddTollgateSqliteStorage</c>) adds.
    /// </summary>
    public static IServiceCollection AddTollgateAnalyticsApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Transient, so each request reads the retention settings as they are now (the engine itself is stateless).
        services.TryAddTransient(sp => new RequestAnalytics(
            sp.GetRequiredService<IRequestRollupStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptionsMonitor<RollupOptions>>().CurrentValue));
        return services;
    }
}
