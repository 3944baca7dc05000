using Npgsql;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>DATABASE_URL, in the libpq URL form platforms hand out, becomes an Npgsql connection string.</summary>
public sealed class PostgresDatabaseUrlTests
{
    [Fact]
    public void A_full_url_becomes_host_port_user_password_database_and_ssl_mode()
    {
        var builder = Convert("postgres://api_tracker:s3cret@db.example.com:6543/api_tracker?sslmode=require");

        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("api_tracker", builder.Username);
        Assert.Equal("s3cret", builder.Password);
        Assert.Equal("api_tracker", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void The_postgresql_scheme_and_the_default_port_are_accepted()
    {
        var builder = Convert("postgresql://api_tracker:password@localhost/api_tracker");

        Assert.Equal("localhost", builder.Host);
        Assert.Equal(NpgsqlConnection.DefaultPort, builder.Port);
        Assert.Equal("api_tracker", builder.Database);
    }

    [Fact]
    public void Percent_encoded_user_password_and_database_are_decoded()
    {
        var builder = Convert("postgres://app%40corp:p%40ss%3Aw%2Frd%20x@host:5432/my%20db");

        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p@ss:w/rd x", builder.Password);
        Assert.Equal("my db", builder.Database);
    }

    [Fact]
    public void A_raw_at_sign_in_the_password_ends_the_user_info_at_the_last_one()
    {
        var builder = Convert("postgres://user:p@ss@host/db");

        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("host", builder.Host);
    }

    [Fact]
    public void Without_user_info_no_credentials_are_set()
    {
        var builder = Convert("postgres://host:5433/db");

        Assert.Null(builder.Username);
        Assert.Null(builder.Password);
        Assert.Equal(5433, builder.Port);
    }

    [Fact]
    public void Several_hosts_become_an_npgsql_host_list()
    {
        var builder = Convert("postgres://u:p@primary:5432,replica:5433,[2001:db8::1]:5434/db?target_session_attrs=read-write");

        Assert.Equal("primary:5432,replica:5433,[2001:db8::1]:5434", builder.Host);
        Assert.Equal("read-write", builder.TargetSessionAttributes);
    }

    [Fact]
    public void An_ipv6_host_keeps_its_address_and_port()
    {
        var builder = Convert("postgres://u:p@[::1]:5432/db");

        Assert.Equal("::1", builder.Host);
        Assert.Equal(5432, builder.Port);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Every_libpq_ssl_mode_maps_to_npgsql(string sslmode, SslMode expected)
    {
        Assert.Equal(expected, Convert($"postgres://u:p@h/db?sslmode={sslmode}").SslMode);
    }

    [Fact]
    public void Libpq_parameters_map_to_npgsql_keywords()
    {
        var builder = Convert("postgres://u:p@h/db?application_name=tollgate%20node&connect_timeout=7&sslrootcert=%2Fetc%2Fca.pem");

        Assert.Equal("tollgate node", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("/etc/ca.pem", builder.RootCertificate);
    }

    [Fact]
    public void Npgsql_keywords_pass_through()
    {
        Assert.Equal(42, Convert("postgres://u:p@h/db?Maximum%20Pool%20Size=42").MaxPoolSize);
    }

    [Theory]
    [InlineData("mysql://u:secret-password@h/db", "postgres://")]
    [InlineData("postgres://u:secret-password@/db", "no host")]
    [InlineData("postgres://u:secret-password@h:notaport/db", "port")]
    [InlineData("postgres://u:secret-password@h:70000/db", "port")]
    [InlineData("postgres://u:secret-password@[::1/db", "IPv6")]
    [InlineData("postgres://u:secret-password@h/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://u:secret-password@h/db?no_such_parameter=1", "no_such_parameter")]
    [InlineData("postgres://u:secret-password@h/db?connect_timeout=soon", "connect_timeout")]
    public void Unusable_urls_are_refused_with_a_reason_that_never_shows_the_password(string url, string reason)
    {
        Assert.False(PostgresDatabaseUrl.TryConvert(url, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error, StringComparison.Ordinal);
    }

    private static NpgsqlConnectionStringBuilder Convert(string url)
    {
        Assert.True(PostgresDatabaseUrl.TryConvert(url, out var connectionString, out var error), error);
        return new NpgsqlConnectionStringBuilder(connectionString);
    }
}
