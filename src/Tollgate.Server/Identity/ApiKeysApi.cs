using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Identity.ApiKeys;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Identity;
using Tollgate.Server.Identity.Requests;
using Tollgate.Server.Identity.Responses;
using Tollgate.Server.Problems;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps API key management of the caller's tenant, <c>/api/v1/keys</c>: tenant admins.</summary>
public static class ApiKeysApi
{
    private const string Tag = "API keys";
    private const int MaxScopes = 32;
    private const int MaxNameLength = 100;

    /// <summary>Maps list, create (the secret is shown once), get and revoke.</summary>
    public static IEndpointRouteBuilder MapTollgateApiKeysApi(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup("/api/v1/keys")
            .WithTags(Tag)
            .RequireScope(Scopes.Admin);

        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Lists the tenant's keys, newest first, revoked ones included");
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates a key; the response is the only time its secret is shown")
            .WithDescription("scopes: any of ingest, read, admin. signing: none (default), optional or required; with signing, the response also carries the HMAC signing secret.")
            .Accepts<CreateApiKeyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/{id:guid}", GetAsync).WithName("GetApiKey").WithSummary("One key of the tenant").ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes a key")
            .WithDescription("Effective at once on this node and within Identity:ApiKeyCacheDuration (default 30 s) on others.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Ok<ApiKeyResponse[]>> ListAsync(HttpContext context, IIdentityStore store, ITenantResolver tenants) =>
        TypedResults.Ok((await store.ListApiKeysAsync(tenants.GetTenant(context), context.RequestAborted)).Select(ApiKeyResponse.From).ToArray());

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        ApiKeyIssuer issuer,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var body = await IdentityRequestBody.ReadAsync<CreateApiKeyRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            return Problem.Invalid($"name must be 1 to {MaxNameLength} characters saying what the key is for.");
        }

        if (request.Scopes.Count is 0 or > MaxScopes || request.Scopes.Any(s => !Scopes.IsApiKeyScope(s)))
        {
            return Problem.Invalid($"scopes must list 1 to {MaxScopes} of ingest, read, admin and custom gateway scopes (lowercase, with a colon: orders:write).");
        }

        if (ParseSigning(request.Signing) is not { } signing)
        {
            return Problem.Invalid("signing must be none, optional or required.");
        }

        if (request.ExpiresAt is { } expires && expires <= timeProvider.GetUtcNow())
        {
            return Problem.Invalid("expires_at must be in the future.");
        }

        var created = await issuer.CreateAsync(tenants.GetTenant(context), request.Name.Trim(), request.Scopes, signing, request.ExpiresAt, CreatorOf(context.User), context.RequestAborted);
        return TypedResults.Created(
            $"/api/v1/keys/{created.Key.Id}",
            new CreatedApiKeyResponse(created.Secret, created.SigningSecret, ApiKeyResponse.From(created.Key)));
    }

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IIdentityStore store, ITenantResolver tenants) =>
        await store.GetApiKeyAsync(tenants.GetTenant(context), id, context.RequestAborted) is { } key
            ? TypedResults.Ok(ApiKeyResponse.From(key))
            : NoSuchKey();

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeAsync(Guid id, HttpContext context, ApiKeyIssuer issuer, ITenantResolver tenants) =>
        await issuer.RevokeAsync(tenants.GetTenant(context), id, context.RequestAborted) is { } key
            ? TypedResults.Ok(ApiKeyResponse.From(key))
            : NoSuchKey();

    private static ApiKeySigning? ParseSigning(string? value) => value switch
    {
        null or "none" => ApiKeySigning.None,
        "optional" => ApiKeySigning.Optional,
        "required" => ApiKeySigning.Required,
        _ => null,
    };

    private static string CreatorOf(ClaimsPrincipal user) =>
        $"{user.FindFirstValue(TollgateClaims.Kind)}:{user.FindFirstValue(TollgateClaims.Subject)}";

    private static ProblemHttpResult NoSuchKey() => Problem.NotFound("There is no API key with this id in your tenant.");
}
