using Tollgate.Gateway.Capture;
using Tollgate.Gateway.Encryption;
using Tollgate.Gateway.Tracing;
using Tollgate.Identity.Signing;
using Tollgate.Identity.Tenancy;
using Yarp.ReverseProxy.Transforms;

namespace Tollgate.Gateway.Proxy;

/// <summary>
/// What the upstream receives besides the client's headers: the request id the client got back, who called (tenant
/// and principal, which only the gateway can set), and none of Tollgate's own credentials, so an upstream never sees
/// an API key or a signing header.
/// </summary>
internal static class UpstreamRequestHeaders
{
    /// <summary>The resolved tenant, for the upstream.</summary>
    public const string Tenant = "X-Tollgate-Tenant";

    /// <summary>The caller (<c>apikey:…</c>, <c>user:…</c>, <c>service:…</c>), for the upstream.</summary>
    public const string Principal = "X-Tollgate-Principal";

    private static readonly string[] Removed =
    [
        "X-Api-Key", SignatureHeaders.KeyId, SignatureHeaders.Timestamp, SignatureHeaders.Nonce, SignatureHeaders.Signature,
        Tenant, Principal, RequestIds.HeaderName,
    ];

    public static ValueTask ApplyAsync(RequestTransformContext transform)
    {
        var headers = transform.ProxyRequest.Headers;
        foreach (var name in Removed)
        {
            headers.Remove(name);
        }

        if (headers.Authorization is { Scheme: var scheme, Parameter: { } token }
            && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            && token.StartsWith("tg_", StringComparison.Ordinal))
        {
            headers.Authorization = null;
        }

        var context = transform.HttpContext;
        if (context.Features.Get<IRequestIdentityFeature>() is { } identity)
        {
            headers.TryAddWithoutValidation(RequestIds.HeaderName, identity.RequestId);
        }

        var exchange = context.Features.Get<GatewayExchange>();
        if (exchange?.Principal is { } principal)
        {
            if (context.Features.Get<ITenantFeature>() is { } tenant)
            {
                headers.TryAddWithoutValidation(Tenant, tenant.TenantId);
            }

            headers.TryAddWithoutValidation(Principal, principal);
        }

        // Captured and encrypted responses must be readable bytes, so the upstream is not asked to compress them.
        if (exchange?.Policy is { } policy
            && (policy.Capture.Mode == CaptureMode.Bodies || (policy.Encryption & PayloadEncryptionMode.Response) != 0))
        {
            headers.AcceptEncoding.Clear();
        }

        return ValueTask.CompletedTask;
    }
}
