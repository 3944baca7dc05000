using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// The behaviour every <see cref="IAuditEventStore"/> must have, written once and run against each provider: derive
/// a test class, implement <see cref="CreateStoreAsync"/>, and every test here runs against that store.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so each test gets its own fresh, empty, initialised store; it is disposed
/// after the test when it implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>. The tests only use
/// the port and <see cref="AuditChain"/>, never provider details, and control time through the events' receive
/// times (see <see cref="AuditEventFactory"/>), never through the store's clock.
/// </remarks>
public abstract partial class AuditEventStoreContract : IAsyncLifetime
{
    /// <summary>The tenant most tests use.</summary>
    protected const string TenantA = "tenant-a";

    /// <summary>A second tenant, for isolation tests.</summary>
    protected const string TenantB = "tenant-b";

    /// <summary>A cut-off after every receive time the tests use.</summary>
    protected static readonly DateTimeOffset FarFuture = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IAuditEventStore? store;

    /// <summary>The store under test.</summary>
    protected IAuditEventStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Builds events with strictly increasing receive times, 1 ms apart, from 2025-03-01T10:00:00Z.</summary>
    protected AuditEventFactory Events { get; } = new();

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty, initialised store; called once per test.</summary>
    protected abstract Task<IAuditEventStore> CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        store = null;
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Is_ready_once_initialised()
    {
        Assert.True(await Store.IsReadyAsync(Ct));
    }

    /// <summary>Appends a batch to a tenant.</summary>
    protected Task<IReadOnlyList<AuditAppendResult>> AppendAsync(string tenantId, params NewAuditEvent[] events) =>
        Store.AppendAsync(tenantId, events, Ct);

    /// <summary>Appends <paramref name="count"/> default events to a tenant, one batch.</summary>
    protected async Task<IReadOnlyList<NewAuditEvent>> AppendManyAsync(string tenantId, int count, Action<AuditEventBuilder, int>? configure = null)
    {
        var events = Events.Many(tenantId, count, configure);
        await Store.AppendAsync(tenantId, events, Ct);
        return events;
    }

    /// <summary>Every event of a tenant matching <paramref name="filter"/>, oldest first, read page by page with cursors.</summary>
    protected async Task<List<AuditEvent>> ReadAllAsync(string tenantId, AuditEventFilter? filter = null)
    {
        var all = new List<AuditEvent>();
        var query = new AuditEventQuery { Filter = filter ?? AuditEventFilter.All, Order = AuditSortOrder.Ascending, Limit = AuditEventQuery.MaxLimit };
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 10_000, "Paging did not end.");
            var page = await Store.QueryAsync(tenantId, query, Ct);
            all.AddRange(page.Items);
            if (page.Next is not { } next)
            {
                return all;
            }

            query = query with { After = next };
        }
    }

    /// <summary>Every event of a tenant in chain (sequence) order.</summary>
    protected async Task<List<AuditEvent>> ReadChainAsync(string tenantId)
    {
        var all = await ReadAllAsync(tenantId);
        all.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return all;
    }

    /// <summary>
    /// Recomputes the chain of <paramref name="chain"/> (in sequence order, without gaps) from
    /// <paramref name="previousHash"/> with <see cref="AuditChain.ComputeHash(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// and asserts every stored hash; returns the last hash.
    /// </summary>
    protected static byte[] AssertChained(IReadOnlyList<AuditEvent> chain, ReadOnlyMemory<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var previous = previousHash.ToArray();
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0)
            {
                Assert.Equal(chain[i - 1].Sequence + 1, chain[i].Sequence);
            }

            var expected = AuditChain.ComputeHash(previous, chain[i].Document.Span);
            Assert.True(
                expected.AsSpan().SequenceEqual(chain[i].Hash.Span),
                $"The hash of sequence {chain[i].Sequence} is not SHA-256(previous hash ‖ document).");
            previous = expected;
        }

        return previous;
    }

    /// <summary>Asserts two byte sequences are equal, showing them as text when they differ.</summary>
    protected static void AssertBytes(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual) =>
        Assert.Equal(Convert.ToHexString(expected.Span), Convert.ToHexString(actual.Span));

    /// <summary>Asserts the chain verifies and returns the verification.</summary>
    protected async Task<ChainVerification> AssertVerifiesAsync(string tenantId)
    {
        var verification = await Store.VerifyChainAsync(tenantId, Ct);
        Assert.True(verification.Ok, $"The chain of {tenantId} does not verify: sequence {verification.FirstBrokenSequence}, {verification.Reason}");
        Assert.Null(verification.FirstBrokenSequence);
        Assert.Null(verification.Reason);
        return verification;
    }

    /// <summary>A UTC instant from its parts, with microseconds.</summary>
    protected static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int microsecond = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(microsecond * 10L);
}
