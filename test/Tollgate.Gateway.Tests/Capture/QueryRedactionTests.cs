using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class QueryRedactionTests
{
    public static TheoryData<string> DefaultParameters => [.. CaptureDefaults.RedactedQueryParameters];

    [Theory]
    [MemberData(nameof(DefaultParameters))]
    public void Every_default_parameter_is_masked(string name)
    {
        Assert.Equal($"page=2&{name}=[REDACTED]&sort=asc", Policies.Bodies.RedactQuery($"page=2&{name}=s3cr3t&sort=asc"));
    }

    [Theory]
    [InlineData("API_KEY=x", "API_KEY=[REDACTED]")]
    [InlineData("apiKey=x", "apiKey=[REDACTED]")]
    [InlineData("%70assword=x", "%70assword=[REDACTED]")]
    [InlineData("pass%77ord=x", "pass%77ord=[REDACTED]")]
    [InlineData("access%5Ftoken=x", "access%5Ftoken=[REDACTED]")]
    [InlineData("X-Amz-Signature=abc&X-Amz-Date=20240101", "X-Amz-Signature=[REDACTED]&X-Amz-Date=20240101")]
    [InlineData("token=a&token=b", "token=[REDACTED]&token=[REDACTED]")]
    [InlineData("token=&x=1", "token=&x=1")]
    [InlineData("token", "token")]
    [InlineData("a=1&&b==2&", "a=1&&b==2&")]
    public void Names_compare_ignoring_case_separators_and_percent_encoding(string query, string expected)
    {
        Assert.Equal(expected, Policies.Bodies.RedactQuery(query));
    }

    [Fact]
    public void Secrets_in_other_values_are_masked_encoded_or_not()
    {
        var query = $"q={Secrets.Jwt}&auth=Bearer%20{Uri.EscapeDataString(Secrets.OpaqueToken)}&c=4111+1111+1111+1111&{Secrets.ApiKey}&n=42";

        Assert.Equal("q=[REDACTED]&auth=[REDACTED]&c=[REDACTED]&[REDACTED]&n=42", Policies.Bodies.RedactQuery(query));
    }

    [Fact]
    public void A_configured_parameter_adds_to_the_defaults()
    {
        var policy = Policies.With(o => o.RedactQueryParameters.Add("email"));

        Assert.Equal("email=[REDACTED]&token=[REDACTED]&x=1", policy.RedactQuery("email=a%40b.c&token=t&x=1"));
    }

    [Fact]
    public void A_query_without_secrets_is_returned_as_the_same_string()
    {
        const string Query = "page=2&sort=name&filter=a%20b";

        Assert.Same(Query, Policies.Bodies.RedactQuery(Query));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    public void No_query_is_null(string? query)
    {
        Assert.Null(Policies.Bodies.RedactQuery(query));
    }

    [Fact]
    public void A_leading_question_mark_is_dropped()
    {
        Assert.Equal("a=1&token=[REDACTED]", Policies.Bodies.RedactQuery("?a=1&token=t"));
    }

    [Fact]
    public void A_long_query_is_cut_after_redaction()
    {
        var query = "token=" + new string('t', 10_000) + "&x=" + new string('x', 10_000);

        var redacted = Policies.Bodies.RedactQuery(query);

        Assert.NotNull(redacted);
        Assert.Equal(RequestLimits.MaxQueryLength, redacted.Length);
        Assert.StartsWith("token=[REDACTED]&x=xxx", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var query = "x=" + new string('a', RequestLimits.MaxQueryLength - 3) + "😀😀";

        var redacted = Policies.Bodies.RedactQuery(query);

        Assert.NotNull(redacted);
        Assert.Equal(RequestLimits.MaxQueryLength - 1, redacted.Length);
        Assert.False(char.IsHighSurrogate(redacted[^1]));
    }
}
