using System.Text.Json.Serialization;

namespace Tollgate.ScaleOutLoad;

/// <summary>Source-generated serialisation of <see cref="ScaleOutReport"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScaleOutReport))]
internal sealed partial class ScaleOutJsonContext : JsonSerializerContext;
