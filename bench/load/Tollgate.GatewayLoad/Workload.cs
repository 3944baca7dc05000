namespace Tollgate.GatewayLoad;

/// <summary>One kind of request every target is measured with; <see cref="Path"/> is the upstream's path, which proxies see behind their prefix.</summary>
internal sealed record Workload(string Key, string Title, string Method, string Path, byte[]? Body)
{
    /// <summary>GET /hello: no body, a 40-byte JSON answer.</summary>
    public static Workload Get { get; } = new("get", "GET /hello", "GET", "/hello", null);

    /// <summary>POST /echo with the 1 KB JSON body of bench/load (schema-validated by Tollgate), a 38-byte JSON answer.</summary>
    public static Workload Post(byte[] body) => new("post", $"POST /echo ({body.Length:N0} B JSON)", "POST", "/echo", body);
}
