namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/consumers</c>.</summary>
/// <param name="From">The range's effective inclusive start.</param>
/// <param name="To">The range's effective exclusive end.</param>
/// <param name="Consumers">The consumers with the most requests, most first.</param>
internal sealed record ConsumersResponse(string From, string To, IReadOnlyList<ConsumerUsage> Consumers);
