using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Validation;

namespace Tollgate.Benchmarks;

/// <summary>
/// What JSON Schema validation costs a route per request: the load harness's 1 KB order body (bench/load) parsed into
/// the validator's tree and checked against its draft-7 schema, and the two steps apart.
/// </summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmarks
{
    private RequestSchema schema = null!;
    private byte[] body = [];
    private Newtonsoft.Json.Linq.JToken parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var load = Path.Combine(RepositoryRoot(), "bench", "load");
        var set = RequestSchemaSet.LoadAsync(new Dictionary<string, string> { ["POST"] = "post-body.schema.json" }, load).GetAwaiter().GetResult();
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        schema = set.Find(request) ?? throw new InvalidOperationException("No POST schema.");
        body = File.ReadAllBytes(Path.Combine(load, "post-body.json"));
        parsed = Parse();
        if (Validate() != 0)
        {
            throw new InvalidOperationException("The benchmark body does not match its schema.");
        }
    }

    /// <summary>The strict parse into the validator's tree.</summary>
    [Benchmark]
    public Newtonsoft.Json.Linq.JToken Parse() =>
        JsonBodyParser.TryParse(body, 64, out var json, out var violation) ? json : throw new InvalidOperationException(violation.ToString());

    /// <summary>Validation of the parsed tree.</summary>
    [Benchmark]
    public int Validate() => schema.Validate(parsed).Count;

    /// <summary>Both, as a request pays them.</summary>
    [Benchmark]
    public int ParseAndValidate() => schema.Validate(Parse()).Count;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tollgate.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }
}
