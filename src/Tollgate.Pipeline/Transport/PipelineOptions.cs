namespace Tollgate.Pipeline.Transport;

/// <summary>The <c>Pipeline</c> section: which transport carries signals to the store.</summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pipeline";

    /// <summary><see cref="PipelineTransport.InProcess"/> (default) or <see cref="PipelineTransport.Redis"/>, which needs <c>Redis:Configuration</c>.</summary>
    public PipelineTransport Transport { get; set; } = PipelineTransport.InProcess;
}
