namespace Tollgate.Server.Tests.Gateway;

/// <summary>Tests that measure the whole process and so must not run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "serial";
}
