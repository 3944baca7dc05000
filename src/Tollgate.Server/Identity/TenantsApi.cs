using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Identity.Tenancy;
using Tollgate.Server.Identity;
using Tollgate.Server.Identity.Requests;
using Tollgate.Server.Identity.Responses;
using Tollgate.Server.Problems;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps tenant management, <c>/api/v1/tenants</c> (seed 003): platform admins only.</summary>
public static class TenantsApi
{
    private const string Tag = "Tenants";
    private const int MaxNameLength = 200;

    /// <summary>Maps list, create, get and update (rename, disable, enable).</summary>
    public static IEndpointRouteBuilder MapTollgateTenantsApi(this IEndpointRouteBuilder endpoints)
    {
        var tenants = endpoints.MapGroup("/api/v1/tenants")
            .WithTags(Tag)
            .RequireScope(Scopes.Platform);

        tenants.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("Lists every tenant");
        tenants.MapPost("/", CreateAsync)
            .WithName("CreateTenant")
            .WithSummary("Creates a tenant")
            .Accepts<CreateTenantRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tenants.MapGet("/{id}", GetAsync).WithName("GetTenant").WithSummary("One tenant").ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateTenant")
            .WithSummary("Renames, disables or enables a tenant")
            .WithDescription("A disabled tenant's keys, users and tokens are refused; its data stays.")
            .Accepts<UpdateTenantRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The problem with a tenant id or name, or null when both are acceptable.</summary>
    internal static ProblemHttpResult? CheckTenantFields(string id, string? name)
    {
        if (!TenantIds.IsValid(id))
        {
            return Problem.Invalid($"The tenant id must be 1 to {TenantIds.MaxLength} characters of a-z, 0-9 and '-', not starting with '-'.");
        }

        return name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
            ? Problem.Invalid($"The tenant name must be 1 to {MaxNameLength} characters.")
            : null;
    }

    private static async Task<Ok<TenantResponse[]>> ListAsync(IIdentityStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListTenantsAsync(cancellationToken)).Select(TenantResponse.From).ToArray());

    private static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateAsync(HttpContext context, IIdentityStore store, TimeProvider timeProvider)
    {
        var body = await IdentityRequestBody.ReadAsync<CreateTenantRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        if (CheckTenantFields(request.Id, request.Name) is { } invalid)
        {
            return invalid;
        }

        var tenant = new Tenant(request.Id, request.Name?.Trim() ?? request.Id, Disabled: false, UtcMicroseconds.Now(timeProvider));
        return await store.CreateTenantAsync(tenant, context.RequestAborted)
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Id}", TenantResponse.From(tenant))
            : IdentityProblem.AlreadyExists($"The tenant id \"{tenant.Id}\" is taken.");
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(string id, IIdentityStore store, CancellationToken cancellationToken) =>
        TenantIds.IsValid(id) && await store.GetTenantAsync(id, cancellationToken) is { } tenant
            ? TypedResults.Ok(TenantResponse.From(tenant))
            : NoSuchTenant(id);

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> UpdateAsync(
        string id,
        HttpContext context,
        IIdentityStore store,
        TenantDirectory directory)
    {
        var body = await IdentityRequestBody.ReadAsync<UpdateTenantRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        if (request.Name is not null && CheckTenantFields(id, request.Name) is { } invalid)
        {
            return invalid;
        }

        if (request.Disabled == true && id == context.User.FindFirst(TollgateClaims.Tenant)?.Value)
        {
            return IdentityProblem.Forbidden("You cannot disable your own tenant: that would lock you out. Ask another platform admin.");
        }

        if (!TenantIds.IsValid(id) || await store.UpdateTenantAsync(id, request.Name?.Trim(), request.Disabled, context.RequestAborted) is not { } updated)
        {
            return NoSuchTenant(id);
        }

        directory.Invalidate(id);
        return TypedResults.Ok(TenantResponse.From(updated));
    }

    private static ProblemHttpResult NoSuchTenant(string id) => Problem.NotFound($"There is no tenant \"{(id.Length > 63 ? id[..63] : id)}\".");
}
