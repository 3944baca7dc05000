namespace Tollgate.Core;

/// <summary>Well-known tenant ids.</summary>
public static class Tenants
{
    /// <summary>The tenant created by the first migration; the foundation's data and the bootstrap admin live in it.</summary>
    public const string Default = "default";
}
