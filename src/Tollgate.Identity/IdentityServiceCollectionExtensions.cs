using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Identity.Authorization;
using Tollgate.Identity.Login;
using Tollgate.Identity.Passwords;
using Tollgate.Identity.RateLimiting;
using Tollgate.Identity.Secrets;
using Tollgate.Identity.Sessions;
using Tollgate.Identity.Signing;
using Tollgate.Identity.Tenancy;
using Tollgate.Identity.Tokens;
using Tollgate.Identity.Users;
using Tollgate.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers authentication, authorization, tenant resolution and rate limiting.</summary>
public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="TollgateAuthenticationSchemes.Default"/> scheme (API keys, signed requests, Tollgate's
    /// session tokens and external service tokens), scope policies with a fallback that requires authentication on
    /// every endpoint, problem-details 401/403/429 responses, and the services behind login and key management.
    /// Binds <c>Identity</c>, <c>Identity:Jwt</c> and <c>RateLimiting</c>, validated at start-up. Needs an
    /// <see cref="Tollgate.Core.Identity.IIdentityStore"/>. With <c>RateLimiting:Store</c> = <c>Redis</c> (needs
    /// <c>AddTollgateRedis</c>), rate-limit buckets and signing nonces are shared by every node through Redis.
    /// </summary>
    public static IServiceCollection AddTollgateIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>()
            .Bind(configuration.GetSection(IdentityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddOptions<RateLimitStoreOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitStoreOptions>, RateLimitStoreOptionsValidator>());
        services.AddMetrics();
        // A factory, so a node without Redis (RateLimiting:Store=Memory) never needs a RedisConnection registered.
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<RedisTokenBuckets>(sp));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMasterKeySource, MasterKeySource>();
        services.AddHostedService<MasterKeyStartupCheck>();
        services.TryAddSingleton(sp => new SecretProtector(sp.GetRequiredService<IMasterKeySource>().GetMasterKey()));
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<PasswordPolicy>();
        services.TryAddSingleton(sp => new LoginThrottle(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<INonceStore>(sp => UsesRedis(sp)
            ? new RedisNonceStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<ILogger<RedisNonceStore>>())
            : new MemoryNonceStore());
        services.TryAddSingleton<ApiKeyCache>();
        services.TryAddSingleton<ApiKeyIssuer>();
        services.TryAddSingleton<ApiKeyUsageTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsageTracker>());
        services.TryAddSingleton<TenantDirectory>();
        services.TryAddSingleton<ITenantResolver, ClaimsTenantResolver>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<UserAccounts>();

        services.AddAuthentication(TollgateAuthenticationSchemes.Default)
            .AddPolicyScheme(TollgateAuthenticationSchemes.Default, "Tollgate", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(TollgateAuthenticationSchemes.ApiKey, displayName: null, configureOptions: null)
            .AddTollgateJwt(configuration);

        var authenticated = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        var authorization = services.AddAuthorizationBuilder()
            .SetDefaultPolicy(authenticated)
            .SetFallbackPolicy(authenticated);
        foreach (var (policy, scope) in ScopePolicies.All)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(TollgateClaims.Scope, scope));
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var policy in RateLimitPolicies.All)
            {
                options.AddPolicy(policy, context =>
                {
                    var requestServices = context.RequestServices;
                    return RateLimitPartitions.For(
                        policy,
                        context,
                        requestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value,
                        UsesRedis(requestServices) ? requestServices.GetRequiredService<RedisTokenBuckets>() : null);
                });
            }

            options.OnRejected = OnRateLimitedAsync;
        });
        return services;
    }

    private static bool UsesRedis(IServiceProvider services) =>
        services.GetRequiredService<IOptions<RateLimitStoreOptions>>().Value.Store == RateLimitStore.Redis;

    /// <summary>Picks the scheme for the credentials the request carries.</summary>
    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(SignatureHeaders.Signature) || ApiKeyAuthenticationHandler.FindBearerSecret(request) is not null)
        {
            return TollgateAuthenticationSchemes.ApiKey;
        }

        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var jwt = context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value;
            return JwtSchemeSelector.SelectScheme(authorization["Bearer ".Length..].Trim(), jwt);
        }

        return TollgateAuthenticationSchemes.ApiKey;
    }

    private static async ValueTask OnRateLimitedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var detail = "Too many requests. Slow down and retry later.";
        if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"Too many requests. Retry after {seconds} second{(seconds == 1 ? "" : "s")}.";
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = IdentityProblemTypes.RateLimited,
                Title = "Rate limit exceeded",
                Detail = detail,
            },
        });
    }
}
