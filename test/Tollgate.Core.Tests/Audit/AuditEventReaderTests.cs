using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditEventReaderTests
{
    /// <summary>The POST /events example of seed 002, verbatim.</summary>
    private const string Seed002Example = """
        {
            "user_id": "1",
            "event_type": "account_deleted",
            "timestamp": "2024-01-01T00:00:00Z",
            "src_service": "user_service",
            "invariant_data": {
              "message": "User deleted account",
              "priority": 2,
              "trace": "trace_id_789"
            },
            "app_data": {
              "username": "jondoe",
              "email": "jondoe@example.com"
            }
          }
        """;

    [Fact]
    public void Reads_the_seed_002_example_with_the_seed_shape()
    {
        var run = ReaderRun.Of(Seed002Example, AuditEventShape.Seed002);

        var read = run.Valid();
        Assert.Equal(ReaderRun.Tenant, read.TenantId);
        Assert.Equal("1", read.UserId);
        Assert.Equal("account_deleted", read.EventType);
        Assert.Equal("user_service", read.SrcService);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), read.Timestamp);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
        Assert.Null(read.Target);
        Assert.Null(read.Message);
        Assert.Null(read.IdempotencyKey);
        Assert.True(read.RequestDigest.IsEmpty);
        Assert.Equal(
            "{\"app_data\":{\"email\":\"jondoe@example.com\",\"username\":\"jondoe\"},\"event_type\":\"account_deleted\","
            + $"\"id\":\"{read.Id:D}\",\"invariant_data\":{{\"message\":\"User deleted account\",\"priority\":2,\"trace\":\"trace_id_789\"}},"
            + "\"received_at\":\"2025-03-01T12:00:00.123456Z\",\"src_service\":\"user_service\",\"tenant_id\":\"default\","
            + "\"timestamp\":\"2024-01-01T00:00:00.000000Z\",\"user_id\":\"1\"}",
            run.DocumentText);
    }

    [Fact]
    public void Reads_the_seed_002_example_with_the_v1_shape()
    {
        Assert.Equal("account_deleted", ReaderRun.Of(Seed002Example).Valid().EventType);
    }

    [Fact]
    public void Copies_the_typed_fields()
    {
        var read = ReaderRun.Of("""
            {"user_id":"alice","event_type":"invoice.paid","src_service":"billing","target":"inv-42",
             "message":"Invoice paid","request_id":"req-7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}
            """).Valid();

        Assert.Equal("alice", read.UserId);
        Assert.Equal("invoice.paid", read.EventType);
        Assert.Equal("billing", read.SrcService);
        Assert.Equal("inv-42", read.Target);
        Assert.Equal("Invoice paid", read.Message);
        Assert.Equal("req-7", read.RequestId);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", read.TraceId);
        Assert.Null(read.Amends);
    }

    [Fact]
    public void Names_every_missing_required_field()
    {
        var run = ReaderRun.Of("{}");

        Assert.Null(run.Event);
        Assert.Equal([AuditFields.EventType, AuditFields.SrcService, AuditFields.UserId], run.ErrorFields);
        Assert.All(run.Errors, e => Assert.Contains("required", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AuditFields.UserId)]
    [InlineData(AuditFields.EventType)]
    [InlineData(AuditFields.SrcService)]
    public void Names_a_single_missing_field(string field)
    {
        var body = new Dictionary<string, string> { ["user_id"] = "u", ["event_type"] = "t", ["src_service"] = "s" };
        body.Remove(field);

        var run = ReaderRun.Of(System.Text.Json.JsonSerializer.Serialize(body));

        Assert.Equal([field], run.ErrorFields);
    }

    [Theory]
    [InlineData(AuditFields.UserId)]
    [InlineData(AuditFields.EventType)]
    [InlineData(AuditFields.SrcService)]
    public void Treats_an_empty_or_null_required_field_as_missing(string field)
    {
        Assert.Equal([field], ReaderRun.Of(WithMember(field, "\"\"")).ErrorFields);
        Assert.Equal([field], ReaderRun.Of(WithMember(field, "null")).ErrorFields);
    }

    [Fact]
    public void Seed_shape_requires_invariant_data_and_app_data()
    {
        var run = ReaderRun.Of(ReaderRun.Minimal, AuditEventShape.Seed002);

        Assert.Equal([AuditFields.AppData, AuditFields.InvariantData], run.ErrorFields);
    }

    [Fact]
    public void Seed_shape_refuses_null_invariant_data()
    {
        var run = ReaderRun.Of("""{"user_id":"u","event_type":"t","src_service":"s","invariant_data":null,"app_data":{}}""", AuditEventShape.Seed002);

        Assert.Null(run.Event);
        Assert.All(run.Errors, e => Assert.Equal(AuditFields.InvariantData, e.Field));
    }

    [Fact]
    public void V1_shape_does_not_require_invariant_data_or_app_data()
    {
        ReaderRun.Of(ReaderRun.Minimal).Valid();
    }

    [Fact]
    public void Names_a_number_user_id()
    {
        var error = ReaderRun.Of("""{"user_id":1,"event_type":"t","src_service":"s"}""").ErrorFor(AuditFields.UserId);

        Assert.Contains("string", error.Message, StringComparison.Ordinal);
        Assert.Contains("number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_an_array_app_data()
    {
        var error = ReaderRun.Of("""{"user_id":"u","event_type":"t","src_service":"s","app_data":[1,2]}""").ErrorFor(AuditFields.AppData);

        Assert.Contains("object", error.Message, StringComparison.Ordinal);
        Assert.Contains("array", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuditFields.UserId, "true")]
    [InlineData(AuditFields.EventType, "{}")]
    [InlineData(AuditFields.SrcService, "[\"auth\"]")]
    [InlineData(AuditFields.Target, "42")]
    [InlineData(AuditFields.Message, "false")]
    [InlineData(AuditFields.RequestId, "1.5")]
    [InlineData(AuditFields.TraceId, "{}")]
    [InlineData(AuditFields.SpanId, "7")]
    [InlineData(AuditFields.InvariantData, "\"text\"")]
    [InlineData(AuditFields.AppData, "3")]
    [InlineData(AuditFields.TenantId, "1")]
    [InlineData(AuditFields.Id, "1")]
    [InlineData(AuditFields.Timestamp, "1704067200")]
    public void Names_each_field_of_the_wrong_type(string field, string value)
    {
        var run = ReaderRun.Of(WithMember(field, value));

        Assert.Equal([field], run.ErrorFields);
        Assert.Null(run.Event);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_an_object()
    {
        var run = ReaderRun.Of("[1]", index: 3);

        var error = run.ErrorFor("(event)");
        Assert.Equal(3, error.Index);
        Assert.Contains("array", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuditFields.ReceivedAt)]
    [InlineData(AuditFields.Sequence)]
    [InlineData(AuditFields.Hash)]
    [InlineData(AuditFields.Amends)]
    [InlineData("prev_hash")]
    public void Refuses_server_assigned_fields(string field)
    {
        var error = ReaderRun.Of(WithMember(field, "\"x\"")).ErrorFor(field);

        Assert.Contains("server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_callers_own_tenant_id_and_writes_it_once()
    {
        var run = ReaderRun.Of(WithMember(AuditFields.TenantId, "\"default\""));

        Assert.Equal(ReaderRun.Tenant, run.Valid().TenantId);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.DocumentText, "\"tenant_id\""));
    }

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("\"Default\"")]
    [InlineData("\"\"")]
    public void Refuses_another_tenant_id(string value)
    {
        var error = ReaderRun.Of(WithMember(AuditFields.TenantId, value)).ErrorFor(AuditFields.TenantId);

        Assert.Contains("\"default\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_error_of_an_event_at_once_with_its_index()
    {
        var run = ReaderRun.Of(
            """{"user_id":1,"event_type":[],"hash":"x","timestamp":"yesterday","id":"nope","tenant_id":"other","app_data":"x"}""",
            index: 7);

        Assert.Null(run.Event);
        Assert.Equal(
            [AuditFields.AppData, AuditFields.EventType, AuditFields.Hash, AuditFields.Id, AuditFields.SrcService, AuditFields.TenantId, AuditFields.Timestamp, AuditFields.UserId],
            run.ErrorFields);
        Assert.All(run.Errors, e => Assert.Equal(7, e.Index));
    }

    [Fact]
    public void Single_event_errors_have_no_index()
    {
        Assert.All(ReaderRun.Of("{}").Errors, e => Assert.Null(e.Index));
    }

    [Fact]
    public void Adds_to_existing_errors_without_touching_them()
    {
        var errors = new List<AuditFieldError> { new(0, AuditFields.UserId, "from an earlier item") };
        using var document = System.Text.Json.JsonDocument.Parse("""{"user_id":"u","event_type":"t"}""");

        var read = new AuditEventReader(new AuditEventLimits()).Read(
            document.RootElement,
            new AuditEventContext { TenantId = "t", ReceivedAt = ReaderRun.Received, Index = 1 },
            errors);

        Assert.Null(read);
        Assert.Equal(2, errors.Count);
        Assert.Equal(new AuditFieldError(1, AuditFields.SrcService, errors[1].Message), errors[1]);
    }

    [Theory]
    [InlineData(AuditFields.Id, "\"\\ud800\"")]
    [InlineData(AuditFields.TenantId, "\"\\ud800\"")]
    [InlineData(AuditFields.Timestamp, "\"\\ud800\"")]
    [InlineData(AuditFields.UserId, "\"a\\udc00\"")]
    [InlineData("extra", "\"\\ud800\"")]
    [InlineData("extra", "{\"\\ud800\":1}")]
    [InlineData(AuditFields.AppData, "{\"\\ud800\":1}")]
    [InlineData("\\ud800", "1")]
    public void Refuses_unpaired_surrogates_with_an_error_instead_of_throwing(string field, string value)
    {
        var run = ReaderRun.Of(WithMember(field, value), index: 2);

        Assert.Null(run.Event);
        Assert.NotEmpty(run.Errors);
        Assert.All(run.Errors, e => Assert.Equal(2, e.Index));
    }

    [Theory]
    [InlineData(AuditFields.UserId)]
    [InlineData(AuditFields.AppData)]
    [InlineData("extra")]
    [InlineData(AuditFields.Timestamp)]
    [InlineData(AuditFields.TenantId)]
    public void Refuses_a_duplicate_member_whether_or_not_the_event_is_keyed(string field)
    {
        var value = field switch
        {
            AuditFields.AppData => "{}",
            AuditFields.Timestamp => "\"2024-01-01T00:00:00Z\"",
            AuditFields.TenantId => "\"default\"",
            _ => "\"x\"",
        };
        var json = WithMember(field, value)[..^1] + $",\"{field}\":{value}}}";

        var unkeyed = ReaderRun.Of(json);
        var keyed = ReaderRun.Of(json, idempotencyKey: "k");

        Assert.Null(keyed.Event);
        Assert.Null(unkeyed.Event);
    }

    /// <summary>The minimal body with one member set to raw JSON (replacing a required one of the same name).</summary>
    internal static string WithMember(string name, string rawValue)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AuditFields.UserId] = "\"u1\"",
            [AuditFields.EventType] = "\"user.login\"",
            [AuditFields.SrcService] = "\"auth\"",
            [name] = rawValue,
        };
        return "{" + string.Join(",", members.Select(m => $"\"{m.Key}\":{m.Value}")) + "}";
    }
}
