using Tollgate.Core.Requests;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// The behaviour every <see cref="IRequestStore"/> must have, written once and run against each provider: derive a
/// test class, implement <see cref="CreateStoreAsync"/>, and every test here runs against that store.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so each test gets its own fresh, empty, initialised store; it is disposed
/// after the test when it implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>. The tests only use
/// the port and build records with <see cref="RequestRecordFactory"/> (UTC, whole microseconds), never provider
/// details.
/// </remarks>
public abstract partial class RequestStoreContract : IAsyncLifetime
{
    /// <summary>The tenant most tests use.</summary>
    protected const string TenantA = "tenant-a";

    /// <summary>A second tenant, for isolation tests.</summary>
    protected const string TenantB = "tenant-b";

    private IRequestStore? store;

    /// <summary>The store under test.</summary>
    protected IRequestStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Builds records with strictly increasing timestamps, 1 ms apart, from <see cref="RequestRecordFactory.DefaultStart"/>.</summary>
    protected RequestRecordFactory Requests { get; } = new();

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty, initialised store; called once per test.</summary>
    protected abstract Task<IRequestStore> CreateStoreAsync();

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

    /// <summary>Writes one batch.</summary>
    protected Task WriteAsync(params RequestRecord[] records) => Store.WriteAsync(records, Ct);

    /// <summary>One page of a tenant's requests.</summary>
    protected Task<RequestPage> QueryAsync(string tenantId, RequestFilter? filter = null, int limit = RequestQuery.MaxLimit, RequestCursor? after = null) =>
        Store.QueryAsync(tenantId, new RequestQuery(filter ?? new RequestFilter(), limit, after), Ct);

    /// <summary>Every request of a tenant matching <paramref name="filter"/>, newest first, following the cursors page by page.</summary>
    protected async Task<List<RequestRecord>> ReadAllAsync(string tenantId, RequestFilter? filter = null, int pageSize = RequestQuery.MaxLimit)
    {
        var all = new List<RequestRecord>();
        RequestCursor? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 10_000, "Paging did not end.");
            var page = await QueryAsync(tenantId, filter, pageSize, after);
            Assert.True(page.Items.Count <= pageSize, $"A page of {pageSize} held {page.Items.Count} requests.");
            all.AddRange(page.Items);
            if (page.Next is not { } next)
            {
                return all;
            }

            Assert.NotEmpty(page.Items);
            after = next;
        }
    }

    /// <summary>The ids of <paramref name="records"/> in the order a query returns them: timestamp, then id, both descending.</summary>
    protected static List<Guid> NewestFirst(IEnumerable<RequestRecord> records) =>
        records.OrderByDescending(r => r.Timestamp).ThenByDescending(r => r.Id).Select(r => r.Id).ToList();

    /// <summary>Asserts two records are equal field by field, the detail's header lists and bodies by content.</summary>
    /// <remarks>
    /// <see cref="RequestRecord.HasDetail"/> is what the store says on reads: whether a detail was written with the record.
    /// Pass the record as written; for a search result (which leaves the detail out), say so with <paramref name="listed"/>.
    /// </remarks>
    protected static void AssertSameRecord(RequestRecord expected, RequestRecord? actual, bool listed = false)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Detail is not null, actual.HasDetail);
        Assert.Equal(expected with { Detail = null, HasDetail = false }, actual with { Detail = null, HasDetail = false });
        if (listed)
        {
            Assert.Null(actual.Detail);
            return;
        }

        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        if (expected.Detail is not { } detail)
        {
            Assert.Null(actual.Detail);
            return;
        }

        Assert.NotNull(actual.Detail);
        Assert.Equal(detail.RequestHeaders, actual.Detail.RequestHeaders);
        Assert.Equal(detail.ResponseHeaders, actual.Detail.ResponseHeaders);
        Assert.Equal(detail.RequestBody, actual.Detail.RequestBody);
        Assert.Equal(detail.ResponseBody, actual.Detail.ResponseBody);
    }
}
