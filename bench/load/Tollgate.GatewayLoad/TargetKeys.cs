namespace Tollgate.GatewayLoad;

/// <summary>The targets' keys, in the order they are measured and reported.</summary>
internal static class TargetKeys
{
    public const string Direct = "direct";
    public const string Nginx = "nginx";
    public const string BareYarp = "yarp";
    public const string TollgateMetadata = "tollgate-metadata";
    public const string TollgateBodies = "tollgate-bodies";

    /// <summary>
    /// The targets of the fixed-rate runs: the baseline of the latency budget, the two it applies to, and the upstream
    /// alone, whose latency is the floor the client, the upstream and the machine set for all of them.
    /// </summary>
    public static readonly string[] FixedRate = [Direct, BareYarp, TollgateMetadata, TollgateBodies];
}
