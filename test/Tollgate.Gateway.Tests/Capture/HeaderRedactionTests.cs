using Microsoft.AspNetCore.Http;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

public sealed class HeaderRedactionTests
{
    public static TheoryData<string> AlwaysRedacted => [.. CaptureDefaults.RedactedHeaders];

    public static TheoryData<string> DefaultAllowed => [.. CaptureDefaults.AllowedHeaders];

    [Theory]
    [MemberData(nameof(AlwaysRedacted))]
    public void A_credential_header_is_masked_even_when_allow_listed(string name)
    {
        var policy = Policies.With(o => o.AllowedHeaders.Add(name.ToUpperInvariant()));

        var redacted = policy.RedactHeaders(Headers((name, "value-1"), ("Accept", "text/plain")));

        Assert.Equal(Pairs((name, RequestRedaction.Mask), ("Accept", "text/plain")), redacted);
    }

    [Theory]
    [MemberData(nameof(DefaultAllowed))]
    public void A_default_allowed_header_keeps_its_value(string name)
    {
        var redacted = Policies.Bodies.RedactHeaders(Headers((name, "value-1")));

        Assert.Equal(Pairs((name, "value-1")), redacted);
    }

    [Fact]
    public void Names_are_kept_in_order_and_other_values_masked()
    {
        var redacted = Policies.Bodies.RedactHeaders(Headers(("X-Custom", "private"), ("content-type", "application/json"), ("X-Other", "x")));

        Assert.Equal(Pairs(("X-Custom", RequestRedaction.Mask), ("content-type", "application/json"), ("X-Other", RequestRedaction.Mask)), redacted);
    }

    [Fact]
    public void Configured_headers_widen_the_allow_list_and_the_redactions()
    {
        var policy = Policies.With(o =>
        {
            o.AllowedHeaders.Add("X-Tenant");
            o.RedactHeaders.Add("User-Agent");
        });

        var redacted = policy.RedactHeaders(Headers(("x-tenant", "acme"), ("User-Agent", "curl/8")));

        Assert.Equal(Pairs(("x-tenant", "acme"), ("User-Agent", RequestRedaction.Mask)), redacted);
    }

    [Fact]
    public void Multiple_values_are_joined_with_a_comma_and_a_space()
    {
        var headers = new HeaderDictionary { ["Accept"] = new(["text/plain", "application/json"]), ["Vary"] = new([null, "Origin"]) };

        Assert.Equal(Pairs(("Accept", "text/plain, application/json"), ("Vary", ", Origin")), Policies.Bodies.RedactHeaders(headers));
    }

    [Fact]
    public void Secrets_in_allowed_values_are_masked()
    {
        var redacted = Policies.Bodies.RedactHeaders(Headers(("X-Request-ID", Secrets.ApiKey), ("User-Agent", $"app/1 (Bearer {Secrets.OpaqueToken})")));

        Assert.Equal(Pairs(("X-Request-ID", RequestRedaction.Mask), ("User-Agent", "app/1 (Bearer [REDACTED])")), redacted);
    }

    [Fact]
    public void Url_headers_get_their_query_and_fragment_redacted()
    {
        var redacted = Policies.Bodies.RedactHeaders(Headers(
            ("Location", $"https://app.example/cb?state=s1&code=abc#access_token={Secrets.OpaqueToken}&token_type=bearer"),
            ("Referer", $"https://app.example/{Secrets.Jwt}/x?page=2"),
            ("Content-Location", "/docs?sig=abc")));

        Assert.Equal(
            Pairs(
                ("Location", "https://app.example/cb?state=s1&code=[REDACTED]#access_token=[REDACTED]&token_type=bearer"),
                ("Referer", "https://app.example/[REDACTED]/x?page=2"),
                ("Content-Location", "/docs?sig=[REDACTED]")),
            redacted);
    }

    [Fact]
    public void At_most_the_stored_number_of_headers_are_kept()
    {
        var headers = new HeaderDictionary();
        for (var i = 0; i < RequestLimits.MaxHeaders + 20; i++)
        {
            headers[$"X-H{i}"] = "v";
        }

        var redacted = Policies.Bodies.RedactHeaders(headers);

        Assert.Equal(RequestLimits.MaxHeaders, redacted.Count);
        Assert.Equal("X-H0", redacted[0].Key);
    }

    [Fact]
    public void A_long_value_is_cut_to_the_stored_length_after_redaction()
    {
        var value = "Bearer " + Secrets.OpaqueToken + " " + new string('a', 10_000);

        var redacted = Policies.Bodies.RedactHeaders(Headers(("User-Agent", value)));

        Assert.Equal(RequestLimits.MaxHeaderValueLength, redacted[0].Value.Length);
        Assert.StartsWith("Bearer [REDACTED] aaa", redacted[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void No_headers_give_an_empty_list()
    {
        Assert.Empty(Policies.Bodies.RedactHeaders(new HeaderDictionary()));
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    private static KeyValuePair<string, string>[] Pairs(params (string Name, string Value)[] pairs) =>
        Array.ConvertAll(pairs, pair => KeyValuePair.Create(pair.Name, pair.Value));
}
