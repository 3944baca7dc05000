namespace Tollgate.Server.Audit.Responses;

/// <summary>Events from one source service.</summary>
/// <param name="SrcService">The service.</param>
/// <param name="Count">How many.</param>
internal sealed record SrcServiceCount(string SrcService, long Count);
