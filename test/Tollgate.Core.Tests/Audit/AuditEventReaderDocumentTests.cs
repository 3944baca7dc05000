using System.Text;
using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditEventReaderDocumentTests
{
    private static readonly Guid Id = Guid.Parse("0192f0c1-7a3b-7def-8123-456789abcdef");

    [Fact]
    public void Writes_a_fixed_canonical_document()
    {
        var run = ReaderRun.Of($$"""
            {
              "src_service": "billing", "user_id": "alice", "event_type": "invoice.paid",
              "id": "{{Id}}", "timestamp": "2024-06-01T10:00:00.25+02:00", "target": "inv-1",
              "message": "Paid \"in full\"\n", "zeta": [1.50, -0, 1e5], "Alpha": {"b": null, "a": "é"}
            }
            """);

        Assert.Equal(
            "{\"Alpha\":{\"a\":\"é\",\"b\":null},\"event_type\":\"invoice.paid\",\"id\":\"0192f0c1-7a3b-7def-8123-456789abcdef\","
            + "\"message\":\"Paid \\\"in full\\\"\\n\",\"received_at\":\"2025-03-01T12:00:00.123456Z\",\"src_service\":\"billing\","
            + "\"target\":\"inv-1\",\"tenant_id\":\"default\",\"timestamp\":\"2024-06-01T08:00:00.250000Z\",\"user_id\":\"alice\","
            + "\"zeta\":[1.50,-0,1e5]}",
            run.DocumentText);
    }

    [Fact]
    public void The_document_is_canonical()
    {
        var run = ReaderRun.Of("""
            {"user_id":"u","event_type":"t","src_service":"s","message":"tab\there \u00e9 \ud83d\ude00",
             "app_data":{"z":{"y":[3,{"b":1,"a":2}]},"a":1.0},"\u00e9xtra":true,"Extra":null}
            """);

        var text = run.DocumentText;

        Assert.Equal(text, ReaderRun.Canonical(text));
        Assert.DoesNotContain("\\u00e9", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_unknown_top_level_fields_as_sent()
    {
        var run = ReaderRun.Of("""
            {"user_id":"u","event_type":"t","src_service":"s",
             "custom_number":1.10,"custom_null":null,"custom_list":[true,"x",{"k":[]}],"nested":{"deep":{"deeper":1e-3}}}
            """);

        Assert.Equal("1.10", run.Member("custom_number").GetRawText());
        Assert.Equal("null", run.Member("custom_null").GetRawText());
        Assert.Equal("""[true,"x",{"k":[]}]""", run.Member("custom_list").GetRawText());
        Assert.Equal("""{"deep":{"deeper":1e-3}}""", run.Member("nested").GetRawText());
    }

    [Fact]
    public void Keeps_invariant_data_and_app_data_verbatim_but_canonical()
    {
        var run = ReaderRun.Of("""
            {"user_id":"u","event_type":"t","src_service":"s","invariant_data":{"priority":2,"message":"m"},"app_data":{"list":[2,1]}}
            """);

        Assert.Equal("""{"message":"m","priority":2}""", run.Member(AuditFields.InvariantData).GetRawText());
        Assert.Equal("""{"list":[2,1]}""", run.Member(AuditFields.AppData).GetRawText());
    }

    [Fact]
    public void Null_optional_fields_give_the_same_document_as_omitted_ones()
    {
        var omitted = ReaderRun.Of($$"""{"id":"{{Id}}","user_id":"u","event_type":"t","src_service":"s"}""");
        var nulled = ReaderRun.Of($$"""
            {"id":"{{Id}}","user_id":"u","event_type":"t","src_service":"s","target":null,"message":null,"request_id":null,
             "trace_id":null,"span_id":null,"invariant_data":null,"app_data":null,"timestamp":null}
            """);

        Assert.Equal(omitted.DocumentText, nulled.DocumentText);
        Assert.Null(nulled.Valid().Target);
        Assert.Null(nulled.Valid().Message);
        Assert.Null(nulled.Valid().RequestId);
        Assert.Null(nulled.Valid().TraceId);
    }

    [Fact]
    public void Field_values_are_limited_in_length()
    {
        var limits = new AuditEventLimits { MaxFieldLength = 8, MaxMessageLength = 12 };

        ReaderRun.Of(Body(("user_id", new string('u', 8)), ("message", new string('m', 12))), limits: limits).Valid();
        var tooLong = ReaderRun.Of(Body(("user_id", new string('u', 9)), ("message", new string('m', 13)), ("trace_id", new string('t', 9))), limits: limits);

        Assert.Equal([AuditFields.Message, AuditFields.TraceId, AuditFields.UserId], tooLong.ErrorFields);
        Assert.Contains("9 characters long; the limit is 8", tooLong.ErrorFor(AuditFields.UserId).Message, StringComparison.Ordinal);
        Assert.Contains("13 characters long; the limit is 12", tooLong.ErrorFor(AuditFields.Message).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuditFields.UserId)]
    [InlineData(AuditFields.EventType)]
    [InlineData(AuditFields.SrcService)]
    [InlineData(AuditFields.Target)]
    [InlineData(AuditFields.RequestId)]
    [InlineData(AuditFields.TraceId)]
    [InlineData(AuditFields.SpanId)]
    public void Every_identifier_field_has_the_default_limit_of_256(string field)
    {
        ReaderRun.Of(Body((field, new string('x', 256)))).Valid();

        var error = ReaderRun.Of(Body((field, new string('x', 257)))).ErrorFor(field);

        Assert.Contains("the limit is 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_message_limit_is_16384_characters()
    {
        ReaderRun.Of(Body(("message", new string('m', 16_384)))).Valid();

        Assert.Contains("the limit is 16384", ReaderRun.Of(Body(("message", new string('m', 16_385)))).ErrorFor(AuditFields.Message).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_field_names_are_limited_in_length()
    {
        ReaderRun.Of(Body((new string('n', 128), "v"))).Valid();

        var run = ReaderRun.Of(Body((new string('n', 129), "v")));

        var error = Assert.Single(run.Errors);
        Assert.Equal("(field name)", error.Field);
        Assert.Contains(new string('n', 32) + "…", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 128 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_field_name_is_refused()
    {
        var error = ReaderRun.Of(Body(("", "v"))).ErrorFor("(field name)");

        Assert.Contains("1 to 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_canonical_document_is_limited_in_bytes()
    {
        var json = Body(("app_data_blob", new string('é', 100)));
        var size = Encoding.UTF8.GetByteCount(ReaderRun.Of(json).DocumentText);

        ReaderRun.Of(json, limits: new AuditEventLimits { MaxEventBytes = size }).Valid();
        var run = ReaderRun.Of(json, limits: new AuditEventLimits { MaxEventBytes = size - 1 }, index: 4);

        var error = run.ErrorFor("(event)");
        Assert.Equal(4, error.Index);
        Assert.Contains($"is {size} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the limit is {size - 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_event_limit_is_64_kib()
    {
        Assert.Equal(65_536, new AuditEventLimits().MaxEventBytes);
        var run = ReaderRun.Of(Body(("blob", new string('x', 70_000))));

        Assert.Contains("the limit is 65536", run.ErrorFor("(event)").Message, StringComparison.Ordinal);
    }

    /// <summary>A minimal valid body plus (or overriding) the given string members.</summary>
    private static string Body(params (string Name, string Value)[] members)
    {
        var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["user_id"] = "u", ["event_type"] = "t", ["src_service"] = "s" };
        foreach (var (name, value) in members)
        {
            body[name] = value;
        }

        return System.Text.Json.JsonSerializer.Serialize(body);
    }
}
