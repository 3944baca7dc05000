namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>The tokens of a login or refresh.</summary>
public sealed record Session(string AccessToken, string RefreshToken);
