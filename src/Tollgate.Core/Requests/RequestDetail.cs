namespace Tollgate.Core.Requests;

/// <summary>The redacted headers and bodies of one exchange, stored apart from its <see cref="RequestRecord"/> row.</summary>
/// <param name="RequestHeaders">Request headers in arrival order; values of sensitive headers are replaced by <see cref="RequestRedaction.Mask"/>.</param>
/// <param name="ResponseHeaders">Response headers, redacted the same way.</param>
/// <param name="RequestBody">The request body as captured (after decryption), or null when not captured.</param>
/// <param name="ResponseBody">The response body as captured (before encryption), or null when not captured.</param>
public sealed record RequestDetail(
    IReadOnlyList<KeyValuePair<string, string>> RequestHeaders,
    IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders,
    CapturedBody? RequestBody,
    CapturedBody? ResponseBody);
