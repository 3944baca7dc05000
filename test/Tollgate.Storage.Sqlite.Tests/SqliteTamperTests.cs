using System.Text;
using Tollgate.Core.Audit;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// Someone with write access to the database file changes it behind the store's back; verification must notice
/// and name the first sequence number that no longer verifies.
/// </summary>
public sealed class SqliteTamperTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private readonly TempDirectory directory = new("sqlite-tamper-");
    private readonly AuditEventFactory events = new();
    private SqliteAuditEventStore? store;

    private string DatabasePath => directory.Combine("tollgate.db");

    private SqliteAuditEventStore Store => store!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await SqliteTestStore.OpenAsync(DatabasePath);
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
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        await directory.DisposeAsync();
    }

    [Fact]
    public async Task A_changed_document_byte_breaks_the_chain_at_that_event()
    {
        var document = (byte[])SqliteTestStore.Scalar(DatabasePath, "SELECT document FROM audit_events WHERE sequence = 3")!;
        var at = Encoding.UTF8.GetString(document).IndexOf("message number 2", StringComparison.Ordinal);
        document[at] = (byte)'M';

        Tamper("UPDATE audit_events SET document = $value WHERE sequence = 3", document);

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task A_changed_hash_breaks_the_chain_at_that_event()
    {
        var hash = (byte[])SqliteTestStore.Scalar(DatabasePath, "SELECT hash FROM audit_events WHERE sequence = 3")!;
        hash[0] ^= 0x01;

        Tamper("UPDATE audit_events SET hash = $value WHERE sequence = 3", hash);

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task A_deleted_middle_event_breaks_the_chain_where_it_is_missing()
    {
        Tamper("DELETE FROM audit_events WHERE sequence = 3");

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task A_deleted_first_event_breaks_the_chain_at_one()
    {
        Tamper("DELETE FROM audit_events WHERE sequence = 1");

        await AssertBrokenAtAsync(1);
    }

    [Fact]
    public async Task Swapped_documents_break_the_chain_at_the_first_of_them()
    {
        Tamper("""
            UPDATE audit_events SET document = CASE sequence
                WHEN 2 THEN (SELECT document FROM audit_events WHERE sequence = 4)
                ELSE (SELECT document FROM audit_events WHERE sequence = 2) END
            WHERE sequence IN (2, 4)
            """);

        await AssertBrokenAtAsync(2);
    }

    [Fact]
    public async Task A_changed_user_id_column_no_longer_matching_the_document_breaks_the_chain()
    {
        Tamper("UPDATE audit_events SET user_id = 'someone-else' WHERE sequence = 3");

        var verification = await AssertBrokenAtAsync(3);
        Assert.Contains(AuditFields.UserId, verification.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event_type", "'forged'")]
    [InlineData("src_service", "'forged'")]
    [InlineData("target", "'forged'")]
    [InlineData("target", "NULL")]
    [InlineData("request_id", "'forged'")]
    [InlineData("trace_id", "NULL")]
    [InlineData("timestamp", "timestamp + 1")]
    [InlineData("received_at", "received_at - 1000000")]
    [InlineData("id", "randomblob(16)")]
    [InlineData("amends", "randomblob(16)")]
    [InlineData("tenant_id", "'tenant-b'")]
    public async Task Any_indexed_column_that_disagrees_with_the_document_breaks_the_chain(string column, string newValue)
    {
        // Row 3 moves out of tenant-a when tenant_id changes, so the chain breaks there as a missing event.
        Tamper($"UPDATE audit_events SET {column} = {newValue} WHERE sequence = 3");

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task An_unparseable_document_with_a_recomputed_hash_is_reported_not_thrown()
    {
        var previous = (byte[])SqliteTestStore.Scalar(DatabasePath, "SELECT hash FROM audit_events WHERE sequence = 4")!;
        var garbage = "not json at all"u8.ToArray();

        Tamper("UPDATE audit_events SET document = $value, hash = $hash WHERE sequence = 5", garbage, ("$hash", AuditChain.ComputeHash(previous, garbage)));

        await AssertBrokenAtAsync(5);
    }

    [Fact]
    public async Task A_changed_checkpoint_breaks_the_chain_at_the_first_remaining_event()
    {
        var cutoff = (await Store.GetAsync(Tenant, (await AllAsync())[2].Id, Ct))!.ReceivedAt;
        var retention = await Store.DeleteReceivedBeforeAsync(Tenant, cutoff, Ct);
        Assert.Equal(2, retention.Checkpoint?.Sequence);
        var hash = retention.Checkpoint!.Hash.ToArray();
        hash[^1] ^= 0x80;

        Tamper("UPDATE audit_chain_checkpoints SET hash = $value WHERE sequence = 2", hash);

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task Tampering_is_still_found_after_a_restart()
    {
        Tamper("UPDATE audit_events SET src_service = 'forged' WHERE sequence = 4");
        await Store.DisposeAsync();
        store = await SqliteTestStore.OpenAsync(DatabasePath);

        await AssertBrokenAtAsync(4);
    }

    private async Task<List<AuditEvent>> AllAsync()
    {
        var page = await Store.QueryAsync(Tenant, new AuditEventQuery { Order = AuditSortOrder.Ascending }, Ct);
        return [.. page.Items.OrderBy(e => e.Sequence)];
    }

    private void Tamper(string sql, byte[]? value = null, params (string Name, object Value)[] more)
    {
        var parameters = value is null ? more : [("$value", value), .. more];
        Assert.True(SqliteTestStore.Execute(DatabasePath, sql, parameters) > 0, "The tampering statement changed nothing.");
    }

    private async Task<ChainVerification> AssertBrokenAtAsync(long sequence)
    {
        var verification = await Store.VerifyChainAsync(Tenant, Ct);

        Assert.False(verification.Ok);
        Assert.Equal(sequence, verification.FirstBrokenSequence);
        Assert.False(string.IsNullOrWhiteSpace(verification.Reason));
        Assert.Equal(sequence - 1 - (verification.Checkpoint?.Sequence ?? 0), verification.Verified);
        return verification;
    }
}
