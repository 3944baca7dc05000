using System.Net.Http.Json;
using System.Text.Json;

namespace Tollgate.Gateway.Tests.Validation;

/// <summary>Reads problem-details answers.</summary>
public static class Problems
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static string Type(JsonElement problem) => problem.GetProperty("type").GetString()!;

    /// <summary>The <c>errors</c> extension as (pointer, message) pairs.</summary>
    public static List<(string Pointer, string Message)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(error => (error.GetProperty("pointer").GetString()!, error.GetProperty("message").GetString()!))];
}
