using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class ExportTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private const string Header = "id,sequence,timestamp,received_at,tenant_id,user_id,event_type,src_service,target,message,request_id,trace_id,span_id,amends,invariant_data,app_data,extra,hash";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Csv_export_has_a_header_row_crlf_records_and_every_column()
    {
        var service = Api.Unique("svc");
        var body = Api.Event(service, "alice", "login", "2024-03-01T12:00:00Z");
        body["target"] = "account:1";
        body["message"] = "plain";
        body["request_id"] = "req-1";
        body["trace_id"] = "0af7651916cd43dd8448eb211c80319c";
        body["span_id"] = "b7ad6b7169203331";
        body["invariant_data"] = new JsonObject { ["priority"] = 2 };
        body["app_data"] = new JsonObject { ["k"] = "v" };
        body["region"] = "eu";
        body["count"] = 3;
        var created = await Api.CreateAsync(client, body);

        var (text, response) = await ExportAsync($"format=csv&src_service={service}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.StartsWith(Header + "\r\n", text, StringComparison.Ordinal);
        var records = Csv.Parse(text);
        Assert.Equal(2, records.Count);
        Assert.Equal<string>(
            [
                created.GetProperty("id").GetString()!, created.GetProperty("sequence").GetRawText(), "2024-03-01T12:00:00.000000Z",
                created.GetProperty("received_at").GetString()!, "default", "alice", "login", service, "account:1", "plain", "req-1",
                "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", string.Empty, """{"priority":2}""", """{"k":"v"}""",
                """{"count":3,"region":"eu"}""", created.GetProperty("hash").GetString()!,
            ],
            records[1]);
    }

    [Fact]
    public async Task Csv_export_quotes_special_characters_and_keeps_multi_byte_text()
    {
        var service = Api.Unique("svc");
        var body = Api.Event(service, "user, \"quoted\"", "login");
        body["message"] = "Grüße, \"Welt\"\r\nzweite Zeile 日本語 🎉";
        body["app_data"] = new JsonObject { ["note"] = "a,b" };
        await Api.CreateAsync(client, body);

        var (text, _) = await ExportAsync($"format=csv&src_service={service}");

        Assert.Contains("\"user, \"\"quoted\"\"\"", text, StringComparison.Ordinal);
        var row = Csv.Parse(text)[1];
        Assert.Equal("user, \"quoted\"", row[5]);
        Assert.Equal("Grüße, \"Welt\"\r\nzweite Zeile 日本語 🎉", row[9]);
        Assert.Equal("""{"note":"a,b"}""", row[15]);
    }

    [Fact]
    public async Task Csv_export_neutralises_formulas()
    {
        var service = Api.Unique("svc");
        var body = Api.Event(service, "=HYPERLINK(\"http://evil\")", "+cmd");
        body["target"] = "-1+1";
        body["message"] = "@SUM(A1)";
        body["request_id"] = "\tindented";
        body["trace_id"] = "\rreturn";
        body["span_id"] = "safe=text";
        await Api.CreateAsync(client, body);

        var (text, _) = await ExportAsync($"format=csv&src_service={service}");

        var row = Csv.Parse(text)[1];
        Assert.Equal("'=HYPERLINK(\"http://evil\")", row[5]);
        Assert.Equal("'+cmd", row[6]);
        Assert.Equal("'-1+1", row[8]);
        Assert.Equal("'@SUM(A1)", row[9]);
        Assert.Equal("'\tindented", row[10]);
        Assert.Equal("'\rreturn", row[11]);
        Assert.Equal("safe=text", row[12]);
    }

    [Fact]
    public async Task Ndjson_export_writes_one_event_per_line_oldest_first()
    {
        var service = Api.Unique("svc");
        var bulk = await Api.CreateBulkAsync(client,
        [
            Api.Event(service, timestamp: "2024-03-02T00:00:00Z"),
            Api.Event(service, timestamp: "2024-03-01T00:00:00Z"),
            Api.Event(service, timestamp: "2024-03-03T00:00:00Z"),
        ]);

        var (text, response) = await ExportAsync($"format=ndjson&src_service={service}");

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".ndjson", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["2024-03-01", "2024-03-02", "2024-03-03"], lines.Select(e => e.GetProperty("timestamp").GetString()![..10]));
        Assert.Equal(
            bulk.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetGuid()).Order(),
            lines.Select(e => e.GetProperty("id").GetGuid()).Order());
        Assert.All(lines, e => Assert.Matches("^[0-9a-f]{64}$", e.GetProperty("hash").GetString()));
    }

    [Fact]
    public async Task Export_applies_filters_and_order()
    {
        var service = Api.Unique("svc");
        await Api.CreateBulkAsync(client,
        [
            Api.Event(service, "alice", timestamp: "2024-03-01T00:00:00Z"),
            Api.Event(service, "bob", timestamp: "2024-03-02T00:00:00Z"),
            Api.Event(service, "alice", timestamp: "2024-03-03T00:00:00Z"),
        ]);

        var (text, _) = await ExportAsync($"format=ndjson&src_service={service}&user_id=alice&order=desc");

        var lines = text.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["2024-03-03", "2024-03-01"], lines.Select(e => e.GetProperty("timestamp").GetString()![..10]));
    }

    [Fact]
    public async Task Csv_is_the_default_format_and_an_empty_export_is_just_the_header()
    {
        var (text, response) = await ExportAsync($"src_service={Api.Unique("svc")}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Header + "\r\n", text);
    }

    private async Task<(string Text, HttpResponseMessage Response)> ExportAsync(string query)
    {
        var response = await client.GetAsync($"{Api.Logs}/export?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response);
    }
}
