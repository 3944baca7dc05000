using System.Text.Json.Serialization;

namespace Tollgate.Server.Problems;

/// <summary>One entry of a problem's <c>errors</c> array: which field (or query parameter) is wrong and why.</summary>
/// <param name="Index">The item's position in a bulk call; omitted for single-event calls.</param>
/// <param name="Field">The offending field or parameter name.</param>
/// <param name="Message">What to fix.</param>
internal sealed record ProblemFieldError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    string Field,
    string Message);
