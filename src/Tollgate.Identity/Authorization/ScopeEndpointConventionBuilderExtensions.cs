using Tollgate.Core.Identity;
using Tollgate.Identity.Authorization;
using Tollgate.Identity.RateLimiting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Protects endpoints by scope. Each scope brings its rate-limit policy with it, so no protected endpoint can be
/// mapped without a limit, and the pairing lives in one place.
/// </summary>
public static class ScopeEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires <paramref name="scope"/> (see <see cref="Scopes"/>) and applies its rate-limit policy: ingest → ingest,
    /// read → query, admin and platform → admin.
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        var (policy, rateLimit) = scope switch
        {
            Scopes.Ingest => (ScopePolicies.Ingest, RateLimitPolicies.Ingest),
            Scopes.Read => (ScopePolicies.Read, RateLimitPolicies.Query),
            Scopes.Admin => (ScopePolicies.Admin, RateLimitPolicies.Admin),
            Scopes.Platform => (ScopePolicies.Platform, RateLimitPolicies.Admin),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a Tollgate scope."),
        };
        return builder.RequireAuthorization(policy).RequireRateLimiting(rateLimit);
    }
}
