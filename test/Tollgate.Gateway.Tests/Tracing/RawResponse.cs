namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>The status and header lines of a response read off the socket.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>Every value of header <paramref name="name"/>, compared case-insensitively.</summary>
    public IReadOnlyList<string> Values(string name) =>
        [.. Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value)];
}
