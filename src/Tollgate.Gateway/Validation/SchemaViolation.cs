using System.Text.Json.Serialization;

namespace Tollgate.Gateway.Validation;

/// <summary>
/// One entry of the <c>errors</c> extension of a schema-validation problem: where (a JSON Pointer into the request
/// body, "" for the body itself) and what is wrong, in words a client developer can act on. The member names are fixed
/// here so that the host's JSON naming policy cannot change the wire contract.
/// </summary>
internal sealed record SchemaViolation(
    [property: JsonPropertyName("pointer")] string Pointer,
    [property: JsonPropertyName("message")] string Message);
