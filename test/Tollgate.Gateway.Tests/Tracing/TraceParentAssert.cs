using System.Text.RegularExpressions;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>Checks <c>traceparent</c> and generated request id shapes.</summary>
public static partial class TraceParentAssert
{
    /// <summary>Asserts a version-00 W3C <c>traceparent</c> and returns its parts.</summary>
    public static (string TraceId, string SpanId, string Flags) IsW3C(string? traceParent)
    {
        Assert.NotNull(traceParent);
        var match = TraceParentPattern().Match(traceParent);
        Assert.True(match.Success, $"Not a W3C traceparent: {traceParent}");
        return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
    }

    /// <summary>Asserts an id Tollgate generated: 32 lowercase hex digits.</summary>
    public static void IsGeneratedRequestId(string? requestId)
    {
        Assert.NotNull(requestId);
        Assert.Matches(GeneratedIdPattern(), requestId);
    }

    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")]
    private static partial Regex TraceParentPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex GeneratedIdPattern();
}
