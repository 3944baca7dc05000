using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Identity.Tenancy;
using Tollgate.Identity.Users;
using Tollgate.Server.Identity;
using Tollgate.Server.Identity.Requests;
using Tollgate.Server.Identity.Responses;
using Tollgate.Server.Problems;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps user management of the caller's tenant, <c>/api/v1/users</c>: tenant admins.</summary>
public static class UsersApi
{
    private const string Tag = "Users";

    /// <summary>Maps list, create, get and update (role, password, disable).</summary>
    public static IEndpointRouteBuilder MapTollgateUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/v1/users")
            .WithTags(Tag)
            .RequireScope(Scopes.Admin);

        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Lists the tenant's users");
        users.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Creates a user in the tenant")
            .WithDescription("Passwords need at least 12 characters and may not be a common password. Only platform admins can create platform admins.")
            .Accepts<CreateUserRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("One user of the tenant").ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateUser")
            .WithSummary("Changes a user's role, password or disabled flag")
            .WithDescription("A new password or disabling ends the user's sessions (refresh tokens); access tokens already issued expire on their own.")
            .Accepts<UpdateUserRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The problem of a failed <see cref="UserAccounts.CreateAsync"/>.</summary>
    internal static ProblemHttpResult ToProblem(UserCreationResult result) => result.Outcome switch
    {
        UserCreation.WeakPassword => IdentityProblem.WeakPassword(result.Message!),
        UserCreation.EmailTaken => IdentityProblem.AlreadyExists(result.Message!),
        UserCreation.UnknownTenant => Problem.NotFound(result.Message!),
        _ => Problem.Invalid(result.Message!),
    };

    private static async Task<Ok<UserResponse[]>> ListAsync(HttpContext context, IIdentityStore store, ITenantResolver tenants) =>
        TypedResults.Ok((await store.ListUsersAsync(tenants.GetTenant(context), context.RequestAborted)).Select(UserResponse.From).ToArray());

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(HttpContext context, UserAccounts accounts, ITenantResolver tenants)
    {
        var body = await IdentityRequestBody.ReadAsync<CreateUserRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        if (ParseRole(context.User, request.Role) is not { } role)
        {
            return RoleProblem(context.User, request.Role);
        }

        var created = await accounts.CreateAsync(tenants.GetTenant(context), request.Email, request.Password, role, context.RequestAborted);
        return created.Outcome == UserCreation.Created
            ? TypedResults.Created($"/api/v1/users/{created.User!.Id}", UserResponse.From(created.User))
            : ToProblem(created);
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IIdentityStore store, ITenantResolver tenants) =>
        await store.GetUserAsync(tenants.GetTenant(context), id, context.RequestAborted) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : NoSuchUser();

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id,
        HttpContext context,
        IIdentityStore store,
        UserAccounts accounts,
        ITenantResolver tenants,
        TimeProvider timeProvider)
    {
        var body = await IdentityRequestBody.ReadAsync<UpdateUserRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        var tenant = tenants.GetTenant(context);
        var existing = await store.GetUserAsync(tenant, id, context.RequestAborted);
        if (existing is null)
        {
            return NoSuchUser();
        }

        Role? role = null;
        if (request.Role is not null)
        {
            if (ParseRole(context.User, request.Role) is not { } parsed)
            {
                return RoleProblem(context.User, request.Role);
            }

            role = parsed;
        }

        // Only a platform admin may change what a platform admin is or can do.
        if (existing.Role == Role.PlatformAdmin && !context.User.HasClaim(TollgateClaims.Scope, Scopes.Platform))
        {
            return IdentityProblem.Forbidden("Only a platform admin can change a platform admin.");
        }

        if (request.Password is not null)
        {
            var (_, weakness) = await accounts.ChangePasswordAsync(tenant, id, request.Password, context.RequestAborted);
            if (weakness is not null)
            {
                return IdentityProblem.WeakPassword(weakness);
            }
        }

        var updated = await store.UpdateUserAsync(tenant, id, role, passwordHash: null, request.Disabled, context.RequestAborted);
        if (updated is null)
        {
            return NoSuchUser();
        }

        if (request.Disabled == true || (role is { } changed && changed != existing.Role))
        {
            await store.RevokeRefreshTokensOfUserAsync(id, timeProvider.GetUtcNow(), context.RequestAborted);
        }

        return TypedResults.Ok(UserResponse.From(updated));
    }

    private static Role? ParseRole(ClaimsPrincipal caller, string name)
    {
        if (!Roles.TryParse(name, out var role))
        {
            return null;
        }

        return role == Role.PlatformAdmin && !caller.HasClaim(TollgateClaims.Scope, Scopes.Platform) ? null : role;
    }

    private static ProblemHttpResult RoleProblem(ClaimsPrincipal caller, string name) =>
        Roles.TryParse(name, out var role) && role == Role.PlatformAdmin && !caller.HasClaim(TollgateClaims.Scope, Scopes.Platform)
            ? IdentityProblem.Forbidden("Only a platform admin can grant the platform-admin role.")
            : Problem.Invalid("The role must be one of reader, writer, tenant-admin, platform-admin.");

    private static ProblemHttpResult NoSuchUser() => Problem.NotFound("There is no user with this id in your tenant.");
}
