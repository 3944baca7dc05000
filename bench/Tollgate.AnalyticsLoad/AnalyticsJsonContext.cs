using System.Text.Json.Serialization;

namespace Tollgate.AnalyticsLoad;

/// <summary>Source-generated serialisation of <see cref="AnalyticsReport"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AnalyticsReport))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext;
