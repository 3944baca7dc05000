using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Identity;
using Tollgate.Identity.Passwords;
using Tollgate.Identity.RateLimiting;
using Tollgate.Identity.Sessions;
using Tollgate.Identity.Tenancy;
using Tollgate.Identity.Users;
using Tollgate.Server.Identity;
using Tollgate.Server.Identity.Requests;
using Tollgate.Server.Identity.Responses;
using Tollgate.Server.Problems;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps sessions, <c>/api/v1/auth</c>: login, refresh, logout, self-service registration and "who am I".</summary>
public static class AuthApi
{
    private const string Tag = "Authentication";

    /// <summary>Maps the session endpoints. Login, refresh, logout and register are the only anonymous API calls.</summary>
    public static IEndpointRouteBuilder MapTollgateAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/v1/auth").WithTags(Tag);

        auth.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Auth)
            .WithName("Login")
            .WithSummary("Exchanges email and password for an access token and a refresh token")
            .WithDescription("Failed logins slow down per account and per client address (429 with Retry-After).")
            .Accepts<LoginRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Auth)
            .WithName("RefreshSession")
            .WithSummary("Exchanges a refresh token for new tokens; the old refresh token stops working")
            .Accepts<RefreshTokenRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/logout", LogoutAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Auth)
            .WithName("Logout")
            .WithSummary("Revokes the refresh token and every token of its session")
            .Accepts<RefreshTokenRequest>("application/json");

        auth.MapPost("/register", RegisterAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Auth)
            .WithName("Register")
            .WithSummary("Creates a new tenant with the caller as its admin, when Identity:AllowRegistration is on")
            .Accepts<RegisterRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        auth.MapGet("/me", Me)
            .RequireRateLimiting(RateLimitPolicies.Query)
            .WithName("WhoAmI")
            .WithSummary("Describes the authenticated caller: kind, tenant and scopes");

        return endpoints;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(HttpContext context, SessionService sessions, TimeProvider timeProvider)
    {
        var body = await IdentityRequestBody.ReadAsync<LoginRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var result = await sessions.LoginAsync(body.Value.Email, body.Value.Password, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        return result.Outcome switch
        {
            SessionOutcome.Succeeded => TypedResults.Ok(TokenResponse.From(result.Tokens!, timeProvider.GetUtcNow())),
            SessionOutcome.Throttled => IdentityProblem.LoginThrottled(context, result.RetryAfter),
            SessionOutcome.TenantDisabled => IdentityProblem.TenantDisabled(),
            _ => IdentityProblem.InvalidCredentials(),
        };
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(HttpContext context, SessionService sessions, TimeProvider timeProvider)
    {
        var body = await IdentityRequestBody.ReadAsync<RefreshTokenRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var result = await sessions.RefreshAsync(body.Value.RefreshToken, context.RequestAborted);
        return result.Outcome switch
        {
            SessionOutcome.Succeeded => TypedResults.Ok(TokenResponse.From(result.Tokens!, timeProvider.GetUtcNow())),
            SessionOutcome.TenantDisabled => IdentityProblem.TenantDisabled(),
            _ => IdentityProblem.InvalidRefreshToken(),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext context, SessionService sessions)
    {
        var body = await IdentityRequestBody.ReadAsync<RefreshTokenRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        await sessions.LogoutAsync(body.Value.RefreshToken, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(
        HttpContext context,
        IOptions<IdentityOptions> options,
        IIdentityStore store,
        UserAccounts accounts,
        PasswordPolicy policy,
        TimeProvider timeProvider)
    {
        if (!options.Value.AllowRegistration)
        {
            return Problem.NotFound("Self-service registration is off. Ask an admin for an account, or set Identity:AllowRegistration.");
        }

        var body = await IdentityRequestBody.ReadAsync<RegisterRequest>(context);
        if (body.IsProblem)
        {
            return body.Problem;
        }

        var request = body.Value;
        if (TenantsApi.CheckTenantFields(request.TenantId, request.TenantName) is { } invalid)
        {
            return invalid;
        }

        // Check the password before creating anything, so a weak one does not leave an empty tenant behind.
        var tenant = new Tenant(request.TenantId, request.TenantName?.Trim() ?? request.TenantId, Disabled: false, UtcMicroseconds.Now(timeProvider));
        if (policy.Check(request.Password, request.Email) is { } weakness)
        {
            return IdentityProblem.WeakPassword(weakness);
        }

        if (!Emails.IsPlausible(request.Email))
        {
            return Problem.Invalid("The email must be an address like name@example.com, at most 254 characters.");
        }

        if (await store.FindUserByEmailAsync(Emails.Normalize(request.Email), context.RequestAborted) is not null
            || !await store.CreateTenantAsync(tenant, context.RequestAborted))
        {
            return IdentityProblem.AlreadyExists("That email is already registered or that tenant id is taken.");
        }

        var created = await accounts.CreateAsync(tenant.Id, request.Email, request.Password, Role.TenantAdmin, context.RequestAborted);
        return created.Outcome == UserCreation.Created
            ? TypedResults.Created($"/api/v1/users/{created.User!.Id}", UserResponse.From(created.User))
            : UsersApi.ToProblem(created);
    }

    private static Ok<PrincipalResponse> Me(HttpContext context, ITenantResolver tenants)
    {
        var user = context.User;
        return TypedResults.Ok(new PrincipalResponse(
            user.FindFirstValue(TollgateClaims.Subject) ?? string.Empty,
            user.FindFirstValue(TollgateClaims.Kind) ?? string.Empty,
            user.FindFirstValue(TollgateClaims.Tenant) ?? string.Empty,
            tenants.GetTenant(context),
            user.FindFirstValue(TollgateClaims.Role),
            user.FindAll(TollgateClaims.Scope).Select(c => c.Value).ToList()));
    }
}
