using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Tollgate.Gateway.Capture;

namespace Tollgate.Benchmarks;

/// <summary>
/// What body capture costs the gateway per exchange: redacting a typical 1 KB JSON body (with and without secrets in
/// it) and the request's headers and query, and pushing a 32 KB response through <see cref="CaptureResponseBodyFeature"/>
/// in the 4 KB writes a proxy makes, next to the same writes without the tap.
/// </summary>
[MemoryDiagnoser]
public class CaptureBenchmarks
{
    private const int ResponseBytes = 32 * 1024;
    private const int WriteBytes = 4 * 1024;

    private readonly CapturePolicy policy = CapturePolicy.Create(new CaptureOptions { Mode = CaptureMode.Bodies });
    private readonly byte[] chunk = new byte[WriteBytes];
    private readonly HeaderDictionary headers = new()
    {
        ["Host"] = "api.example.com",
        ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        ["Accept"] = "application/json",
        ["Accept-Encoding"] = "gzip, deflate, br",
        ["Authorization"] = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJl",
        ["Content-Type"] = "application/json; charset=utf-8",
        ["Content-Length"] = "1024",
        ["Cookie"] = "session=abc123; theme=dark",
        ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        ["X-Request-ID"] = "01JD8ZQ7W6X9Y2B3C4D5E6F7G8",
        ["X-Forwarded-For"] = "203.0.113.7",
    };

    private byte[] cleanJson = [];
    private byte[] secretJson = [];
    private HttpContext context = null!;
    private StreamResponseBodyFeature original = null!;

    [GlobalSetup]
    public void Setup()
    {
        cleanJson = Body(password: "correct horse battery", card: "4242 4242 4242 4241");
        secretJson = Body(password: "correct horse battery", card: "4242 4242 4242 4242");
        context = new DefaultHttpContext();
        original = new StreamResponseBodyFeature(Stream.Null);
        context.Response.ContentType = "application/json";
        Random.Shared.NextBytes(chunk);
        if (cleanJson.Length is < 1000 or > 1100 || policy.RedactBody(secretJson, "application/json", false).Contains("4242 4242", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The benchmark bodies are not what they should be.");
        }
    }

    /// <summary>A 1 KB order whose only sensitive member is <c>password</c>; the card-like number fails Luhn.</summary>
    [Benchmark]
    public string RedactJson1KB() => policy.RedactBody(cleanJson, "application/json", truncated: false);

    /// <summary>The same order with a Luhn-valid card number in free text: one more replacement.</summary>
    [Benchmark]
    public string RedactJson1KBWithCard() => policy.RedactBody(secretJson, "application/json", truncated: false);

    /// <summary>Eleven typical request headers, two of them credentials.</summary>
    [Benchmark]
    public IReadOnlyList<KeyValuePair<string, string>> RedactHeaders() => policy.RedactHeaders(headers);

    /// <summary>A query with a sensitive parameter.</summary>
    [Benchmark]
    public string? RedactQuery() => policy.RedactQuery("page=2&sort=-created&filter=status%3Dopen&api_key=abc123def456");

    /// <summary>32 KB written to the original response stream: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public async Task Response32KBWithoutCapture()
    {
        var stream = original.Stream;
        for (var sent = 0; sent < ResponseBytes; sent += WriteBytes)
        {
            await stream.WriteAsync(chunk);
        }
    }

    /// <summary>32 KB through the tap (buffer and feature created, all 32 KB kept, buffer returned), as YARP writes it.</summary>
    [Benchmark]
    public async Task Response32KBThroughCapture()
    {
        using var buffer = new BodyCaptureBuffer(ResponseBytes);
        var tap = new CaptureResponseBodyFeature(original, buffer, context.Response);
        var stream = tap.Stream;
        for (var sent = 0; sent < ResponseBytes; sent += WriteBytes)
        {
            await stream.WriteAsync(chunk);
        }
    }

    private static byte[] Body(string password, string card)
    {
        var json = new StringBuilder();
        json.Append("""{"orderId":"ord_01JD8ZQ7W6X9Y2B3C4D5E6F7G8","createdAt":"2026-11-23T13:56:00.123Z","status":"pending","channel":"web","locale":"de-DE",""");
        json.Append("""  "customer":{"id":"cus_8842","name":"Zoë Müller","email":"zoe@example.com","phone":"+49 30 1234567",""");
        json.Append("""  "address":{"line1":"Hauptstraße 5","city":"Berlin","postcode":"10115","country":"DE"}},"password":""");
        json.Append('"').Append(password).Append("\",");
        json.Append("""  "items":[""");
        for (var i = 0; i < 5; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(
                $$"""{"sku":"SKU-{{1000 + i}}","name":"Widget {{i}} deluxe edition","quantity":{{i + 1}},"unitPrice":{{19 + i}}.99,"tags":["blue","large"]}""");
        }

        json.Append("],\"note\":\"paid with card ").Append(card).Append(" thanks\",\"total\":159.85,\"currency\":\"EUR\",\"coupon\":null,\"gift\":false}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
