namespace Tollgate.Server.Requests.Responses;

/// <summary>
/// One header line as the requests API shows and takes it. A list of these keeps the order and the repeats of the
/// headers as they were sent, which an object keyed by name could not.
/// </summary>
/// <param name="Name">The header name, as sent.</param>
/// <param name="Value">The value; <c>[REDACTED]</c> for a sensitive header.</param>
internal sealed record HeaderField(string Name, string Value);
