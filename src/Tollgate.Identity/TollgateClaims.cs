namespace Tollgate.Identity;

/// <summary>
/// The claim types every authentication scheme produces. Authorization and tenant resolution read only these, so a
/// user session, an API key and an external service token are treated alike.
/// </summary>
public static class TollgateClaims
{
    /// <summary>User id, API key id, or the external token's subject.</summary>
    public const string Subject = "sub";

    /// <summary>The tenant the principal belongs to.</summary>
    public const string Tenant = "tid";

    /// <summary>One claim per granted scope (see <see cref="Core.Identity.Scopes"/>).</summary>
    public const string Scope = "scope";

    /// <summary>The user's role name, for users.</summary>
    public const string Role = "role";

    /// <summary>What kind of principal: <c>user</c>, <c>apikey</c> or <c>service</c>.</summary>
    public const string Kind = "tg:kind";

    /// <summary>Present (<c>true</c>) when an API key came on an HMAC-signed request, so routes can demand signing.</summary>
    public const string SignedRequest = "tg:signed";
}
