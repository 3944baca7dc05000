using System.Text;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Testing;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// Someone with write access to the database changes rows behind the store's back; verification must notice and name
/// the first sequence number that no longer verifies.
/// </summary>
public sealed class PostgresAuditTamperTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private readonly AuditEventFactory events = new();
    private PostgresTestDatabase? database;
    private PostgresAuditEventStore? store;

    private PostgresTestDatabase Database => database!;

    private PostgresAuditEventStore Store => store!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        store = new PostgresAuditEventStore(Database.DataSource, Options.Create(new PostgresStoreOptions()), TimeProvider.System);
        var batch = events.Many(Tenant, 5, (e, i) => e
            .WithUser($"user-{i}")
            .WithTarget($"target-{i}")
            .WithRequestId($"req-{i}")
            .WithTraceId($"trace-{i}")
            .WithMessage($"message number {i}"));
        await Store.AppendAsync(Tenant, batch, Ct);
        Assert.True((await Store.VerifyChainAsync(Tenant, Ct)).Ok);
    }

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_changed_document_byte_breaks_the_chain_at_that_event()
    {
        var document = await Database.ScalarAsync<byte[]>("SELECT document FROM audit_events WHERE sequence = 3");
        document[Encoding.UTF8.GetString(document).IndexOf("message number 2", StringComparison.Ordinal)] = (byte)'M';

        await TamperAsync("UPDATE audit_events SET document = $1 WHERE sequence = 3", document);

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task A_changed_hash_breaks_the_chain_at_that_event()
    {
        await TamperAsync("UPDATE audit_events SET hash = set_byte(hash, 0, get_byte(hash, 0) # 1) WHERE sequence = 3");

        await AssertBrokenAtAsync(3);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public async Task A_deleted_event_breaks_the_chain_where_it_is_missing(long sequence)
    {
        await TamperAsync("DELETE FROM audit_events WHERE sequence = $1", sequence);

        await AssertBrokenAtAsync(sequence);
    }

    [Fact]
    public async Task Swapped_documents_break_the_chain_at_the_first_of_them()
    {
        await TamperAsync("""
            UPDATE audit_events SET document = CASE sequence
                WHEN 2 THEN (SELECT document FROM audit_events WHERE sequence = 4)
                ELSE (SELECT document FROM audit_events WHERE sequence = 2) END
            WHERE sequence IN (2, 4)
            """);

        await AssertBrokenAtAsync(2);
    }

    [Theory]
    [InlineData("user_id", "'forged'")]
    [InlineData("event_type", "'forged'")]
    [InlineData("src_service", "'forged'")]
    [InlineData("target", "'forged'")]
    [InlineData("target", "NULL")]
    [InlineData("request_id", "'forged'")]
    [InlineData("trace_id", "NULL")]
    [InlineData("timestamp", "timestamp + interval '1 microsecond'")]
    [InlineData("received_at", "received_at - interval '1 second'")]
    [InlineData("id", "gen_random_uuid()")]
    [InlineData("amends", "gen_random_uuid()")]
    [InlineData("tenant_id", "'tenant-b'")]
    public async Task Any_indexed_column_that_disagrees_with_the_document_breaks_the_chain(string column, string newValue)
    {
        // Row 3 moves out of tenant-a when tenant_id changes, so the chain breaks there as a missing event.
        await TamperAsync($"UPDATE audit_events SET {column} = {newValue} WHERE sequence = 3");

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task An_unparseable_document_with_a_recomputed_hash_is_reported_not_thrown()
    {
        var previous = await Database.ScalarAsync<byte[]>("SELECT hash FROM audit_events WHERE sequence = 4");
        var garbage = "not json at all"u8.ToArray();

        await TamperAsync("UPDATE audit_events SET document = $1, hash = $2 WHERE sequence = 5", garbage, AuditChain.ComputeHash(previous, garbage));

        await AssertBrokenAtAsync(5);
    }

    [Fact]
    public async Task A_changed_checkpoint_breaks_the_chain_at_the_first_remaining_event()
    {
        var cutoff = await Database.ScalarAsync<DateTime>("SELECT received_at FROM audit_events WHERE sequence = 3");
        var retention = await Store.DeleteReceivedBeforeAsync(Tenant, new DateTimeOffset(cutoff, TimeSpan.Zero), Ct);
        Assert.Equal(2, retention.Checkpoint?.Sequence);

        await TamperAsync("UPDATE audit_chain_checkpoints SET hash = set_byte(hash, 31, get_byte(hash, 31) # 128) WHERE sequence = 2");

        await AssertBrokenAtAsync(3);
    }

    private async Task TamperAsync(string sql, params object[] parameters) =>
        Assert.True(await Database.ExecuteAsync(sql, parameters) > 0, "The tampering statement changed nothing.");

    private async Task AssertBrokenAtAsync(long sequence)
    {
        var verification = await Store.VerifyChainAsync(Tenant, Ct);

        Assert.False(verification.Ok);
        Assert.Equal(sequence, verification.FirstBrokenSequence);
        Assert.False(string.IsNullOrWhiteSpace(verification.Reason));
        Assert.Equal(sequence - 1 - (verification.Checkpoint?.Sequence ?? 0), verification.Verified);
    }
}
