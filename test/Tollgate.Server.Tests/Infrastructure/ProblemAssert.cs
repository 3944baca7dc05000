using System.Net;
using System.Text.Json;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>Asserts RFC 9457 problem responses.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the status, the problem content type and the stable type; returns the problem document.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal("urn:tollgate:problem:" + kind, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>The (index, field) pairs of a problem's <c>errors</c>.</summary>
    public static List<(int? Index, string Field)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (
            e.TryGetProperty("index", out var index) ? index.GetInt32() : (int?)null,
            e.GetProperty("field").GetString()!))];
}
