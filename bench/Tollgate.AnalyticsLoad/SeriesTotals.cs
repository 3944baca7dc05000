namespace Tollgate.AnalyticsLoad;

/// <summary>What a <see cref="RequestSeries"/> holds, counted from the generator: the answers the analytics must give.</summary>
/// <param name="Records">Records in the series.</param>
/// <param name="Errors">Records with a status of 400 or more.</param>
/// <param name="ServerErrors">Records with a status of 500 or more (also counted in <paramref name="Errors"/>).</param>
/// <param name="Endpoints">Records per endpoint, keyed by <see cref="EndpointKey"/>.</param>
/// <param name="Consumers">Records per principal; anonymous ones under <see cref="Anonymous"/>.</param>
internal sealed record SeriesTotals(
    long Records, long Errors, long ServerErrors, IReadOnlyDictionary<string, long> Endpoints, IReadOnlyDictionary<string, long> Consumers)
{
    /// <summary>The key of anonymous callers in <see cref="Consumers"/>.</summary>
    public const string Anonymous = "(anonymous)";

    /// <summary>An endpoint's key: its method and template (each template belongs to one service).</summary>
    public static string EndpointKey(string method, string template) => $"{method} {template}";
}
