namespace Tollgate.GatewayLoad;

/// <summary>
/// What Tollgate stored of one route's traffic, counted in its database once the run is over and the server idle:
/// rows, rows with detail (headers and bodies), against the requests the harness saw answered 2xx on that route.
/// </summary>
internal sealed record StoredCaptures(string Target, long Answered, long Rows, long WithDetail);
