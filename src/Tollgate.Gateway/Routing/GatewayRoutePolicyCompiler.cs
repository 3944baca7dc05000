using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Encryption;
using Tollgate.Gateway.Validation;
using Tollgate.Identity.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// Turns a route's <see cref="GatewayRoutePolicyOptions"/> into a <see cref="GatewayRoutePolicy"/>: parses the
/// credentials list, checks scopes, tenant and rate-limit names, reads and compiles the schema files and builds the
/// capture redaction. Every refusal says which setting to fix.
/// </summary>
internal sealed class GatewayRoutePolicyCompiler(IConfiguration configuration, IServiceProvider services)
{
    public async Task<GatewayRoutePolicy> CompileAsync(RouteConfig route, IConfigurationSection routeSection, CancellationToken cancellationToken)
    {
        var key = routeSection.Path + ":" + GatewayRoutePolicyOptions.SectionName;
        if (route.RouteId.Length > RequestLimits.MaxNameLength)
        {
            throw new InvalidOperationException($"The route id '{route.RouteId[..32]}…' is longer than {RequestLimits.MaxNameLength} characters.");
        }

        GatewayRoutePolicyOptions options;
        try
        {
            options = routeSection.GetSection(GatewayRoutePolicyOptions.SectionName).Get<GatewayRoutePolicyOptions>() ?? new GatewayRoutePolicyOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{key} is not valid: {e.Message}", e);
        }

        var auth = ParseAuth(options.Auth, route.AuthorizationPolicy, key);
        foreach (var scope in options.Scopes)
        {
            if (!Scopes.IsApiKeyScope(scope))
            {
                throw new InvalidOperationException($"{key}:Scopes has '{scope}': use ingest, read, admin or a custom scope in lowercase with a colon (orders:write).");
            }
        }

        if (options.Scopes.Count > 0 && auth == GatewayAuthModes.None)
        {
            throw new InvalidOperationException($"{key}:Scopes asks for scopes, but Auth is none: an anonymous caller holds no scope.");
        }

        var tenant = options.Tenant ?? Tenants.Default;
        if (!TenantIds.IsValid(tenant))
        {
            throw new InvalidOperationException($"{key}:Tenant '{tenant}' is not a valid tenant id.");
        }

        var rateLimit = options.RateLimit ?? route.RateLimiterPolicy;
        if (rateLimit is not null && !RateLimitPolicies.All.Contains(rateLimit))
        {
            throw new InvalidOperationException($"{key}:RateLimit '{rateLimit}' names no rate-limit policy; use one of {string.Join(", ", RateLimitPolicies.All)}.");
        }

        if (options.Encryption != PayloadEncryptionMode.None
            && services.GetRequiredService<IOptions<PayloadEncryptionOptions>>().Value.Keys.Count == 0)
        {
            throw new InvalidOperationException($"{key}:Encryption is {options.Encryption}, but Gateway:Encryption:Keys holds no key.");
        }

        RequestSchemaSet? schemas = null;
        if (options.Schema.Count > 0)
        {
            try
            {
                schemas = await RequestSchemaSet.LoadAsync(options.Schema, Directory.GetCurrentDirectory(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"{key}:Schema: {e.Message}", e);
            }
        }

        if (options.Capture?.Validate($"{key}:Capture") is { Count: > 0 } routeCaptureErrors)
        {
            throw new InvalidOperationException(string.Join(" ", routeCaptureErrors));
        }

        var globalCapture = configuration.GetSection(CaptureOptions.SectionName).Get<CaptureOptions>() ?? new CaptureOptions();
        if (globalCapture.Validate() is { Count: > 0 } globalCaptureErrors)
        {
            throw new InvalidOperationException(string.Join(" ", globalCaptureErrors));
        }

        var capture = CaptureOptions.Merge(globalCapture, options.Capture);
        return new GatewayRoutePolicy
        {
            RouteId = route.RouteId,
            Auth = auth,
            Scopes = options.Scopes.ToArray(),
            AnonymousTenant = tenant,
            Encryption = options.Encryption,
            RateLimitPolicy = rateLimit,
            Schemas = schemas,
            Capture = CapturePolicy.Create(capture),
        };
    }

    private static GatewayAuthModes ParseAuth(string? auth, string? yarpPolicy, string key)
    {
        if (auth is null)
        {
            return yarpPolicy switch
            {
                null or "default" => GatewayAuthModes.Jwt | GatewayAuthModes.ApiKey,
                "anonymous" => GatewayAuthModes.None,
                _ => throw new InvalidOperationException(
                    $"{key[..key.LastIndexOf(':')]}:AuthorizationPolicy '{yarpPolicy}' is not used by Tollgate; set {key}:Auth to none, jwt, apikey or hmac (or several, joined by commas)."),
            };
        }

        var modes = GatewayAuthModes.None;
        var none = false;
        foreach (var part in auth.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part.ToUpperInvariant())
            {
                case "NONE":
                    none = true;
                    break;
                case "JWT":
                    modes |= GatewayAuthModes.Jwt;
                    break;
                case "APIKEY":
                    modes |= GatewayAuthModes.ApiKey;
                    break;
                case "HMAC":
                    modes |= GatewayAuthModes.Hmac;
                    break;
                default:
                    throw new InvalidOperationException($"{key}:Auth has '{part}': use none, or any of jwt, apikey, hmac joined by commas.");
            }
        }

        if (none == (modes != GatewayAuthModes.None))
        {
            throw new InvalidOperationException($"{key}:Auth '{auth}' must be none alone, or any of jwt, apikey, hmac joined by commas.");
        }

        return modes;
    }
}
