namespace Tollgate.Core.Analytics;

/// <summary>The figures of one consumer: who called (an API key or a principal), over every service or the one asked for.</summary>
/// <param name="Consumer">The principal; null for anonymous callers, counted together.</param>
/// <param name="Figures">Its requests' figures.</param>
public sealed record ConsumerFigures(string? Consumer, RequestFigures Figures);
