namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>The test app with ASP.NET Core's hosting activity off, so the middleware starts its own.</summary>
public sealed class NoHostActivityServer : TracingServer
{
    protected override bool HostStartsActivity => false;
}
