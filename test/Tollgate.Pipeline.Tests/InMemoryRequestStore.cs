using Tollgate.Core.Requests;

namespace Tollgate.Pipeline.Tests;

/// <summary>
/// A request store double for unit tests of the pipeline: keeps every batch it was called with, stores records once
/// by id, and can be told to fail calls or to hold them until released.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class InMemoryRequestStore : IRequestStore
{
    private readonly Lock gate = new();
    private readonly List<IReadOnlyList<RequestRecord>> calls = [];
    private readonly List<IReadOnlyList<RequestRecord>> committed = [];
    private readonly Dictionary<Guid, RequestRecord> stored = [];
    private TaskCompletionSource? hold;

    /// <summary>Decides, from the 1-based number of a call, whether it throws (a non-null exception) instead of storing.</summary>
    public Func<int, Exception?> Failure { get; set; } = _ => null;

    /// <summary>Every batch passed to <see cref="WriteAsync"/>, failed calls included.</summary>
    public IReadOnlyList<IReadOnlyList<RequestRecord>> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>The batches that were stored, in order.</summary>
    public IReadOnlyList<IReadOnlyList<RequestRecord>> Committed
    {
        get
        {
            lock (gate)
            {
                return [.. committed];
            }
        }
    }

    /// <summary>The records stored, each once.</summary>
    public IReadOnlyCollection<RequestRecord> Stored
    {
        get
        {
            lock (gate)
            {
                return [.. stored.Values];
            }
        }
    }

    /// <summary>Makes later calls wait (honouring their token) until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (gate)
        {
            hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets held and later calls through.</summary>
    public void Release()
    {
        lock (gate)
        {
            hold?.TrySetResult();
            hold = null;
        }
    }

    public async Task WriteAsync(IReadOnlyList<RequestRecord> records, CancellationToken cancellationToken)
    {
        Task? wait;
        int number;
        lock (gate)
        {
            calls.Add([.. records]);
            number = calls.Count;
            wait = hold?.Task;
        }

        if (wait is not null)
        {
            await wait.WaitAsync(cancellationToken);
        }

        if (Failure(number) is { } failure)
        {
            throw failure;
        }

        lock (gate)
        {
            committed.Add([.. records]);
            foreach (var record in records)
            {
                stored.TryAdd(record.Id, record);
            }
        }
    }

    public Task<RequestPage> QueryAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The pipeline only writes.");

    public Task<RequestRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(stored.TryGetValue(id, out var record) && record.TenantId == tenantId ? record : null);
        }
    }
}
