namespace Tollgate.GatewayLoad;

/// <summary>
/// One thing measured: requests go to <c>http://127.0.0.1:{Port}{PathPrefix}{workload path}</c>, and
/// <see cref="Process"/> is whose CPU the report charges per request (the proxy; for the direct target, the upstream).
/// </summary>
internal sealed record Target(string Key, string Title, ChildProcess Process, string PathPrefix)
{
    /// <summary>Why this target was not measured, or null when it was.</summary>
    public string? Skipped { get; init; }

    /// <summary>The URL of <paramref name="workload"/> on this target.</summary>
    public Uri Url(Workload workload) => new($"http://127.0.0.1:{Process.Port}{PathPrefix}{workload.Path}");
}
