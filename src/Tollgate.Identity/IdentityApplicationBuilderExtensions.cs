using Tollgate.Identity.Tenancy;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds identity to the request pipeline.</summary>
public static class IdentityApplicationBuilderExtensions
{
    /// <summary>
    /// Authenticates, authorizes, resolves the request's tenant and applies rate limits, in that order, so limits
    /// are counted per principal. Call after error handling and before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseTollgateIdentity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseRateLimiter();
        return app;
    }
}
