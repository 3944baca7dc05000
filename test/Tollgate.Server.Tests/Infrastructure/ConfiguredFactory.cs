namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>A server with settings given by the test, for one-off configurations.</summary>
public sealed class ConfiguredFactory(IReadOnlyDictionary<string, string?> settings) : TollgateFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => settings;
}
