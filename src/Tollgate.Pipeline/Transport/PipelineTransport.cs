namespace Tollgate.Pipeline.Transport;

/// <summary>How signals travel from the node that receives them to the store.</summary>
public enum PipelineTransport
{
    /// <summary>In this process: bounded queues and direct store writes (one node, the embedded default).</summary>
    InProcess,

    /// <summary>Through Redis Streams, drained into the store by collector nodes (scaled out).</summary>
    Redis,
}
