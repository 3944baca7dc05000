namespace Tollgate.Gateway.Validation;

/// <summary>
/// Limits of request-body validation, bound from <c>Gateway:Validation</c> and validated at start-up. Read once per
/// request, so a configuration reload applies to the next request. Each limit bounds what one request can cost.
/// </summary>
public sealed class SchemaValidationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway:Validation";

    /// <summary>
    /// Largest body read for validation; a longer one is refused with 413 without reading past the limit. The whole
    /// body is held in memory and parsed into a tree several times its size. 1 KiB to 256 MiB, default 1 MiB.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest nesting of objects and arrays accepted; a deeper body is refused with 400. 1 to 256, default 64.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>
    /// Most violations listed in one problem's <c>errors</c>; the detail says how many there were in all, so a large
    /// body of mistakes cannot turn into a larger answer. 1 to 1000, default 100.
    /// </summary>
    public int MaxErrors { get; set; } = 100;
}
