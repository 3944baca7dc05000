using System.Data.Common;
using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>
/// The real request store, except that a write holding a record of the <see cref="PoisonService"/> fails the way a
/// database refuses bad data: a non-transient <see cref="DbException"/> with a class 22 SQLSTATE, every time.
/// </summary>
internal sealed class RefusingRequestStore(IRequestStore inner) : IRequestStore
{
    public const string PoisonService = "poison";

    public const string SqlStateRefused = "22P05";

    public int RefusedWrites { get; private set; }

    public Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        if (records.Any(r => r.Service == PoisonService))
        {
            RefusedWrites++;
            throw new RefusedDataException(SqlStateRefused);
        }

        return inner.WriteAsync(records, cancellationToken);
    }

    public Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(tenantId, query, cancellationToken);

    public Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, id, cancellationToken);

    /// <summary>What a database client throws for data it will never accept.</summary>
    private sealed class RefusedDataException(string sqlState) : DbException("the database refused the data")
    {
        public override string SqlState => sqlState;

        public override bool IsTransient => false;
    }
}
