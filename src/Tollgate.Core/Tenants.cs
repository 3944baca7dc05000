namespace Tollgate.Core;

/// <summary>Well-known tenant ids.</summary>
public static class Tenants
{
    /// <summary>The tenant every request belongs to until identity and tenancy land.</summary>
    public const string Default = "default";
}
