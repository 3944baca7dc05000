using System.Text.Json.Serialization;

namespace Tollgate.LoadHarness;

/// <summary>Source-generated serialisation of <see cref="HarnessReport"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HarnessReport))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
