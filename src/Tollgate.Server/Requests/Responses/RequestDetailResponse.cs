using System.Text.Json.Serialization;
using Tollgate.Core.Requests;

namespace Tollgate.Server.Requests.Responses;

/// <summary>
/// One request as <c>GET /api/requests/{id}</c> shows it: the listed members, then its redacted headers and bodies.
/// Headers are empty lists and bodies null when they were not captured (<c>has_detail</c> false, from the base).
/// </summary>
/// <remarks>Its own members are ordered after the inherited ones; System.Text.Json would otherwise write them first.</remarks>
internal sealed class RequestDetailResponse(RequestRecord record) : RequestResponse(record)
{
    /// <summary>The request headers in the order they were sent, repeats kept.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<HeaderField> RequestHeaders { get; } = Fields(record.Detail?.RequestHeaders);

    /// <summary>The response headers in the order they were sent, repeats kept.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<HeaderField> ResponseHeaders { get; } = Fields(record.Detail?.ResponseHeaders);

    /// <summary>The request body; null when not captured.</summary>
    [JsonPropertyOrder(1)]
    public BodyCapture? RequestBody { get; } = BodyCapture.From(record.Detail?.RequestBody);

    /// <summary>The response body; null when not captured.</summary>
    [JsonPropertyOrder(1)]
    public BodyCapture? ResponseBody { get; } = BodyCapture.From(record.Detail?.ResponseBody);

    private static HeaderField[] Fields(IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        headers is null ? [] : [.. headers.Select(h => new HeaderField(h.Key, h.Value))];
}
