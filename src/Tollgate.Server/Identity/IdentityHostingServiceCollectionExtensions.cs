using Tollgate.Server.Identity.Bootstrap;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers identity the way the server hosts it.</summary>
public static class IdentityHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>AddTollgateIdentity</c>, quietening Data Protection's start-up warning (where a generated master key is
    /// kept is the store's choice: see <c>AddTollgateStorage</c>).
    /// </summary>
    public static IServiceCollection AddTollgateServerIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTollgateIdentity(configuration);
        // Tollgate issues no cookies, so ASP.NET Core's Data Protection (registered by authentication) holds nothing
        // of ours; its start-up warning about unencrypted key storage would only mislead operators.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        return services;
    }

    /// <summary>
    /// Creates the first platform admin at start-up from <c>TOLLGATE_BOOTSTRAP_ADMIN_EMAIL</c> and
    /// <c>TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD_FILE</c> when no admin exists, or logs how to create one.
    /// </summary>
    public static IServiceCollection AddTollgateBootstrapAdmin(this IServiceCollection services)
    {
        services.AddHostedService<BootstrapAdminService>();
        return services;
    }
}
