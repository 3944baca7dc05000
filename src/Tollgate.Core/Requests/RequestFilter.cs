namespace Tollgate.Core.Requests;

/// <summary>Which requests a search matches; every set member narrows it. Status bounds and times are inclusive/exclusive as named.</summary>
public sealed record RequestFilter
{
    /// <summary>Requests that started at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Requests that started before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Exact service.</summary>
    public string? Service { get; init; }

    /// <summary>Exact route id.</summary>
    public string? Route { get; init; }

    /// <summary>Exact method, upper case.</summary>
    public string? Method { get; init; }

    /// <summary>Lowest status, inclusive.</summary>
    public int? StatusMin { get; init; }

    /// <summary>Highest status, inclusive.</summary>
    public int? StatusMax { get; init; }

    /// <summary>Paths that start with this text (case-sensitive).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Exact X-Request-ID.</summary>
    public string? RequestId { get; init; }

    /// <summary>Exact trace id.</summary>
    public string? TraceId { get; init; }

    /// <summary>Exact principal.</summary>
    public string? Principal { get; init; }
}
