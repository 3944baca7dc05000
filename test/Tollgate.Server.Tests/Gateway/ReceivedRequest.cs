namespace Tollgate.Server.Tests.Gateway;

/// <summary>A request as the upstream received it.</summary>
public sealed record ReceivedRequest(string Protocol, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
